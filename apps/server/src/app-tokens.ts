/** Container identifiers for what only the app knows about; the core's ports use the symbols order-core exports. */
export const AppTokens = {
  Config: Symbol.for('oms.app.Config'),
  Database: Symbol.for('oms.app.Database'),
  Logger: Symbol.for('oms.app.Logger'),
  OrderCore: Symbol.for('oms.app.OrderCore'),
  Authenticator: Symbol.for('oms.app.Authenticator'),
  HttpApp: Symbol.for('oms.app.HttpApp'),
} as const;
