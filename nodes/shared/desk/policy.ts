/** Limits of the desk's sign-in; ops staff may tune them on the Operator Desk Trigger node. */
export interface DeskPolicy {
	/** A session unused this long ends. */
	idleMinutes: number;
	/** A session ends this long after sign-in, however busy. */
	absoluteHours: number;
	/** No desk page of an operator has called this long (tab closed, laptop asleep): they are offline until one calls again. */
	absentAfterMinutes: number;
	/** Failures an address (or, from an address that failed, a login) may have before each further try waits longer: 1 s, 2 s, 4 s, … up to `maxDelaySeconds`. */
	freeFailures: number;
	maxDelaySeconds: number;
	/** An address with this many failures within the window is locked out for `lockMinutes`; the login itself never is. */
	addressLockFailures: number;
	lockMinutes: number;
	/** Failures count for this long. */
	failureWindowMinutes: number;
	/** Different logins failing within the window that mean password spraying: a supervisor is alerted. */
	sprayLogins: number;
	minPasswordLength: number;
}

export const DEFAULT_DESK_POLICY: DeskPolicy = {
	idleMinutes: 30,
	absoluteHours: 12,
	absentAfterMinutes: 3,
	freeFailures: 3,
	maxDelaySeconds: 300,
	addressLockFailures: 30,
	lockMinutes: 15,
	failureWindowMinutes: 60,
	sprayLogins: 10,
	minPasswordLength: 10,
};

export const deskPolicyWith = (overrides: Partial<DeskPolicy> = {}): DeskPolicy => ({ ...DEFAULT_DESK_POLICY, ...overrides });
