import { conversationsMigration } from './001-conversations';
import { channelEventsMigration } from './002-channel-events';
import { routingMigration } from './004-routing';
import { customerLinksPriorityMigration } from './005-customer-links-priority';
import { selfServiceBotMigration } from './006-self-service-bot';
import { emailWatermarksMigration } from './007-email-watermarks';
import { topicClassifierMigration } from './008-topic-classifier';
import { operatorDeskMigration } from './009-operator-desk';
import { campaignsMigration } from './010-campaigns';
import { conversationSubjectMigration } from './011-conversation-subject';
import { teamChatMigration } from './012-team-chat';
import { deliveryRecoveryMigration } from './013-delivery-recovery';
import { linkCodeFailuresMigration } from './014-link-code-failures';
import { conversationLifecycleMigration } from './016-conversation-lifecycle';
import { rateLimitsMigration } from './019-rate-limits';
import { callsMigration } from './021-calls';
import { reportIndexesMigration } from './022-report-indexes';
import { botLastAnswerMigration } from './023-bot-last-answer';
import { linkCodeFailureAddressesMigration } from './024-link-code-failure-addresses';
import { messageRevisionsMigration } from './025-message-revisions';
import { botQuestionsMigration } from './026-bot-questions';
import { routingDrainFunctionMigration } from './028-routing-drain-function';
import { routingDrainPagesMigration } from './029-routing-drain-pages';
import { inboundByConversationMigration } from './030-inbound-by-conversation';
import { routingAssignedIndexMigration } from './032-routing-assigned-index';
import { conversationKeyMigration } from './033-conversation-key';
import { messageButtonsMigration } from './034-message-buttons';
import { emailMessageIdsMigration } from './035-email-message-ids';
import { conversationIdentityMigration } from './036-conversation-identity';
import { deskSessionWrongPasswordsMigration } from './037-desk-session-wrong-passwords';
import { deskPresenceAndArrivalMigration } from './038-desk-presence-and-arrival';
import { campaignRunnersAndOpenPagesMigration } from './039-campaign-runners-and-open-pages';
import type { Migration } from './migration';

/** Every migration, oldest first. A new concern adds its own file and appends it here. */
export const MIGRATIONS: readonly Migration[] = [conversationsMigration, channelEventsMigration, routingMigration, customerLinksPriorityMigration, selfServiceBotMigration, emailWatermarksMigration, topicClassifierMigration, operatorDeskMigration, campaignsMigration, conversationSubjectMigration, teamChatMigration, deliveryRecoveryMigration, linkCodeFailuresMigration, conversationLifecycleMigration, rateLimitsMigration, callsMigration, reportIndexesMigration, botLastAnswerMigration, linkCodeFailureAddressesMigration, messageRevisionsMigration, botQuestionsMigration, routingDrainFunctionMigration, routingDrainPagesMigration, inboundByConversationMigration, routingAssignedIndexMigration, conversationKeyMigration, messageButtonsMigration, emailMessageIdsMigration, conversationIdentityMigration, deskSessionWrongPasswordsMigration, deskPresenceAndArrivalMigration, campaignRunnersAndOpenPagesMigration];

export type { Migration } from './migration';
export { migrate } from './run';
