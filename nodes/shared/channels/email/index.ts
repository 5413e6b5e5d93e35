export * from './credentials';
export * from './watermark';
export * from './thread';
export * from './quote';
export * from './normalise';
export * from './inbound';
export * from './outbound';
export * from './verify';
