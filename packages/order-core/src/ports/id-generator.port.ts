/** The only source of identifiers for the core: `prefix_` + a sortable unique id (a ULID in the bundled app). */
export const IdGenerator = Symbol.for('oms.IdGenerator');
export interface IdGenerator {
  next(prefix: IdPrefix): string;
}

export type IdPrefix = 'order' | 'line' | 'prod' | 'evt' | 'tok' | 'wh' | 'mov' | 'res' | 'alloc' | 'bo' | 'exp' | 'att' | 'file' | 'cart' | 'pay' | 'msg' | 'shp' | 'trk' | 'job' | 'lease' | 'pick' | 'lbl';
