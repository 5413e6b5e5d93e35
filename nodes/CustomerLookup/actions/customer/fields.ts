import { itemField } from '../../../node-kit/itemFields';

/** The card an operation works on: the item's card (Customer Lookup's) or customer, unless set. */
export const CUSTOMER_ID = itemField({ displayName: 'Customer ID', name: 'customerId', fromItem: ['customerCard.id', 'customer.id'] });

/** Shows a field for the node's `operation`s. */
export const showFor = (...operation: string[]) => ({ show: { operation } });
