/** What operators can put in a canned reply; told beside every field that holds one. */
export const VARIABLES =
	'Variables filled when an operator inserts it: {{customer.name}}, {{customer.phone}}, {{customer.email}}, {{customer.fields.orderNumber}} (any card field), {{operator.name}}, {{conversation.topic}}.';
