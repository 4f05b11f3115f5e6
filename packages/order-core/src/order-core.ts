import { DEFAULT_LIFECYCLE } from './lifecycle/default-lifecycle';
import { assertValidLifecycle, type LifecycleDefinition } from './lifecycle/lifecycle-definition';
import { DEFAULT_ALLOWED_FILE_TYPES } from './attachments/file-type';
import type { Clock } from './ports/clock.port';
import type { FileStore } from './ports/file-store.port';
import type { PaymentGateway } from './ports/payment-gateway.port';
import type { Notifier } from './ports/notifier.port';
import { DeliverNotifications } from './use-cases/notifications/deliver-notifications';
import { ManualPaymentGateway } from './commerce/manual-payment-gateway';
import type { IdGenerator } from './ports/id-generator.port';
import type { CarrierGateway } from './ports/carrier-gateway.port';
import { ManualCarrierGateway } from './fulfillment/manual-carrier-gateway';
import { DEFAULT_JOB_RETRY, type JobRetryPolicy } from './fulfillment/job';
import { BulkDispatch, ShipOrder } from './use-cases/fulfillment/ship-order';
import { PushToCarrier, RunJobs } from './use-cases/fulfillment/push-to-carrier';
import { CancelShipment, GetJob, GetShipment, ListJobs, ListShipments } from './use-cases/fulfillment/shipments';
import { AssignToCourier, CompleteCourierDelivery, ListCourierDeliveries } from './use-cases/fulfillment/couriers';
import { ScanParcel } from './use-cases/fulfillment/scan';
import { PollShipmentTracking, ReceiveCarrierWebhook } from './use-cases/fulfillment/carrier-webhooks';
import { DEFAULT_DOCUMENT_SETTINGS, type DocumentSettings } from './documents/document-models';
import { GetInvoice, GetPackingSlip, GetPickList, GetShippingLabels } from './use-cases/documents/documents';
import type { TokenHasher } from './ports/token-hasher.port';
import type { UnitOfWork } from './ports/unit-of-work.port';
import { AllocateBackorder } from './use-cases/inventory/allocate-backorder';
import { AutoAllocateBackorders } from './use-cases/inventory/auto-allocate-backorders';
import { ListBackorders } from './use-cases/inventory/list-backorders';
import { BulkAdjustStock, ListInventoryHistory, ListStockLevels } from './use-cases/inventory/stock-levels';
import { CreateWarehouse, ListWarehouses, UpdateWarehouse } from './use-cases/inventory/warehouses';
import { BulkUpdateProducts } from './use-cases/products/bulk-update-products';
import { ExportProducts } from './use-cases/products/export-products';
import {
  DeleteAttachment,
  DownloadAttachment,
  GetAttachment,
  ListAttachments,
  UpdateAttachment,
  UploadAttachment,
} from './use-cases/collaboration/attachments';
import { EditOrder } from './use-cases/collaboration/edit-order';
import { AddOrderNote, GetOrderTimeline, ListOrderNotes } from './use-cases/collaboration/order-notes';
import { TrackOrder } from './use-cases/portal/track-order';
import { AddCartItem, ApplyCartCoupon, CheckoutCart, GetCart, RemoveCartCoupon, RemoveCartItem, UpdateCartItem } from './use-cases/cart/cart-use-cases';
import { CreateCoupon, ListCoupons, UpdateCoupon } from './use-cases/coupons/coupons';
import { ListPayments, RecordPayment, RefundOrder } from './use-cases/payments/payments';
import { PurgeIdempotencyRecords } from './use-cases/maintenance/purge-idempotency-records';
import { CancelOrder } from './use-cases/orders/cancel-order';
import { ChangeOrderStatus } from './use-cases/orders/change-order-status';
import { CountOrdersByStatus } from './use-cases/orders/count-orders-by-status';
import { GetOrder } from './use-cases/orders/get-order';
import { ListOrders } from './use-cases/orders/list-orders';
import { PlaceOrder } from './use-cases/orders/place-order';
import { CreateProduct } from './use-cases/products/create-product';
import { GetProduct } from './use-cases/products/get-product';
import { ListProducts } from './use-cases/products/list-products';
import { UpdateProduct } from './use-cases/products/update-product';
import { AuthenticateApiToken } from './use-cases/tokens/authenticate-api-token';
import { IssueApiToken } from './use-cases/tokens/issue-api-token';
import { ListApiTokens, RevokeApiToken } from './use-cases/tokens/manage-api-tokens';

export interface OrderCoreOptions {
  readonly uow: UnitOfWork;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly hasher: TokenHasher;
  /** Where attachment bytes go. */
  readonly files: FileStore;
  /** Largest attachment accepted, in bytes. Defaults to 10 MiB. */
  readonly maxUploadBytes?: number;
  /** Content types accepted for attachments (decided from their bytes). Defaults to DEFAULT_ALLOWED_FILE_TYPES. */
  readonly allowedFileTypes?: readonly string[];
  /** Where refunds go. Defaults to ManualPaymentGateway (money handled outside the system). */
  readonly payments?: PaymentGateway;
  /** Sends queued customer e-mails. Without one, messages stay queued until a notifier is configured. */
  readonly notifier?: Notifier;
  /** Defaults to DEFAULT_LIFECYCLE; checked before use. */
  readonly lifecycle?: LifecycleDefinition;
  /** Currency of products created without one. Defaults to USD. */
  readonly defaultCurrency?: string;
  /** Carrier gateways beside the built-in `manual` one, each under its `code`. */
  readonly carriers?: readonly CarrierGateway[];
  /** Retries of background jobs (carrier hand-overs). Defaults to DEFAULT_JOB_RETRY. */
  readonly jobRetry?: JobRetryPolicy;
  /** How long a worker holds a claimed job before another may take it over. Defaults to 5 minutes. */
  readonly jobLeaseMs?: number;
  /** Seller details, invoice numbering and tax lines printed on documents. */
  readonly documents?: Partial<DocumentSettings>;
}

function carrierRegistry(extra: readonly CarrierGateway[]): ReadonlyMap<string, CarrierGateway> {
  const registry = new Map<string, CarrierGateway>([['manual', new ManualCarrierGateway()]]);
  for (const gateway of extra) {
    const code = gateway.code.toLowerCase();
    if (code === 'courier' || registry.has(code)) throw new Error(`Carrier gateway code ${gateway.code} is taken`);
    registry.set(code, gateway);
  }
  return registry;
}

/** Every use case of the core, built over one set of ports: the simplest way to embed the core. */
export function createOrderCore(options: OrderCoreOptions) {
  const lifecycle = assertValidLifecycle(options.lifecycle ?? DEFAULT_LIFECYCLE);
  const deps = { uow: options.uow, clock: options.clock, ids: options.ids, lifecycle };
  const paymentDeps = { ...deps, payments: options.payments ?? new ManualPaymentGateway() };
  const fulfillmentDeps = {
    ...deps,
    carriers: carrierRegistry(options.carriers ?? []),
    jobRetry: options.jobRetry ?? DEFAULT_JOB_RETRY,
    jobLeaseMs: options.jobLeaseMs ?? 5 * 60_000,
  };
  const documentDeps = { ...deps, documents: { ...DEFAULT_DOCUMENT_SETTINGS, ...options.documents } };
  const attachmentDeps = {
    ...deps,
    files: options.files,
    maxUploadBytes: options.maxUploadBytes ?? 10 * 1024 * 1024,
    allowedFileTypes: options.allowedFileTypes ?? DEFAULT_ALLOWED_FILE_TYPES,
  };
  return {
    lifecycle,
    createProduct: new CreateProduct({ ...deps, defaultCurrency: options.defaultCurrency ?? 'USD' }),
    updateProduct: new UpdateProduct(deps),
    getProduct: new GetProduct(deps),
    listProducts: new ListProducts(deps),
    placeOrder: new PlaceOrder(deps),
    getOrder: new GetOrder(deps),
    listOrders: new ListOrders(deps),
    changeOrderStatus: new ChangeOrderStatus(deps),
    cancelOrder: new CancelOrder(paymentDeps),
    countOrdersByStatus: new CountOrdersByStatus(deps),
    issueApiToken: new IssueApiToken({ ...deps, hasher: options.hasher }),
    listApiTokens: new ListApiTokens(deps),
    revokeApiToken: new RevokeApiToken(deps),
    authenticateApiToken: new AuthenticateApiToken({ uow: options.uow, hasher: options.hasher }),
    purgeIdempotencyRecords: new PurgeIdempotencyRecords(deps),
    bulkUpdateProducts: new BulkUpdateProducts(deps),
    exportProducts: new ExportProducts(deps),
    createWarehouse: new CreateWarehouse(deps),
    updateWarehouse: new UpdateWarehouse(deps),
    listWarehouses: new ListWarehouses(deps),
    listStockLevels: new ListStockLevels(deps),
    bulkAdjustStock: new BulkAdjustStock(deps),
    listInventoryHistory: new ListInventoryHistory(deps),
    listBackorders: new ListBackorders(deps),
    allocateBackorder: new AllocateBackorder(deps),
    autoAllocateBackorders: new AutoAllocateBackorders(deps),
    addOrderNote: new AddOrderNote(deps),
    listOrderNotes: new ListOrderNotes(deps),
    getOrderTimeline: new GetOrderTimeline(deps),
    editOrder: new EditOrder(deps),
    uploadAttachment: new UploadAttachment(attachmentDeps),
    listAttachments: new ListAttachments(deps),
    getAttachment: new GetAttachment(deps),
    downloadAttachment: new DownloadAttachment(attachmentDeps),
    updateAttachment: new UpdateAttachment(deps),
    deleteAttachment: new DeleteAttachment(attachmentDeps),
    trackOrder: new TrackOrder(deps),
    createCoupon: new CreateCoupon(deps),
    updateCoupon: new UpdateCoupon(deps),
    listCoupons: new ListCoupons(deps),
    getCart: new GetCart(deps),
    addCartItem: new AddCartItem(deps),
    updateCartItem: new UpdateCartItem(deps),
    removeCartItem: new RemoveCartItem(deps),
    applyCartCoupon: new ApplyCartCoupon(deps),
    removeCartCoupon: new RemoveCartCoupon(deps),
    checkoutCart: new CheckoutCart(deps),
    recordPayment: new RecordPayment(paymentDeps),
    listPayments: new ListPayments(deps),
    refundOrder: new RefundOrder(paymentDeps),
    shipOrder: new ShipOrder(fulfillmentDeps),
    bulkDispatch: new BulkDispatch(fulfillmentDeps),
    pushToCarrier: new PushToCarrier(fulfillmentDeps),
    runJobs: new RunJobs(fulfillmentDeps),
    listShipments: new ListShipments(deps),
    getShipment: new GetShipment(deps),
    cancelShipment: new CancelShipment(fulfillmentDeps),
    listJobs: new ListJobs(deps),
    getJob: new GetJob(deps),
    assignToCourier: new AssignToCourier(fulfillmentDeps),
    listCourierDeliveries: new ListCourierDeliveries(fulfillmentDeps),
    completeCourierDelivery: new CompleteCourierDelivery(fulfillmentDeps),
    scanParcel: new ScanParcel(fulfillmentDeps),
    receiveCarrierWebhook: new ReceiveCarrierWebhook(fulfillmentDeps),
    pollShipmentTracking: new PollShipmentTracking(fulfillmentDeps),
    getPackingSlip: new GetPackingSlip(documentDeps),
    getInvoice: new GetInvoice(documentDeps),
    getPickList: new GetPickList(documentDeps),
    getShippingLabels: new GetShippingLabels(documentDeps),
    ...(options.notifier ? { deliverNotifications: new DeliverNotifications({ ...deps, notifier: options.notifier }) } : {}),
  };
}

export type OrderCore = ReturnType<typeof createOrderCore>;
