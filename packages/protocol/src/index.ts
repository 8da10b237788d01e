export * from './constants.js';
export * from './errors.js';
export * from './messages.js';
export * from './frames.js';
export { decodeClientMessage } from './decode-client.js';
export { decodeServerMessage } from './decode-server.js';
export * from './flow.js';
export { FieldReader, parseJsonObject } from './field-reader.js';
