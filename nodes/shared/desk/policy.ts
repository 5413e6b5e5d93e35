/** Limits of the desk's sign-in; ops staff may tune them on the Operator Desk Trigger node. */
export interface DeskPolicy {
	/** A session unused this long ends. */
	idleMinutes: number;
	/** A session ends this long after sign-in, however busy. */
	absoluteHours: number;
	/** Failed sign-ins in a row that lock a login. */
	maxFailures: number;
	lockMinutes: number;
	minPasswordLength: number;
}

export const DEFAULT_DESK_POLICY: DeskPolicy = {
	idleMinutes: 30,
	absoluteHours: 12,
	maxFailures: 5,
	lockMinutes: 15,
	minPasswordLength: 10,
};

export const deskPolicyWith = (overrides: Partial<DeskPolicy> = {}): DeskPolicy => ({ ...DEFAULT_DESK_POLICY, ...overrides });
