export { handleDeskCall, type DeskAnswer, type DeskCall, type DeskOptions, type DeskRequest } from './api';
export { authenticate, changePassword, login, logout, setPassword, unlockSignIn, type DeskSession, type SignedIn } from './auth';
export { importCannedReplies, listCannedReplies, saveCannedReply, fillVariables, type CannedInput, type CannedReply } from './canned';
export { DeskError } from './errors';
export { DEFAULT_DESK_POLICY, deskPolicyWith, type DeskPolicy } from './policy';
export { takeAbsentOffline, type TakenOffline } from './presence';
export { recordRating, ratingOf, type Rating } from './ratings';
