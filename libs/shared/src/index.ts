export * from './error-codes';
export * from './credits';
export * from './money';
