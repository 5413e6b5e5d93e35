export { TeamGroupError, type TeamGroup } from './group';
export { postToTeamTopic, type PostOutcome } from './post';
export { handleTeamMessage, type ReplyItem, type TeamOutcome } from './handle';
export { linkTelegramUser, operatorOfTelegramUser } from './operators';
export { topicOf, type TeamTopic } from './topics';
