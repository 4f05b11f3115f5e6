import { DEFAULT_WAREHOUSE_ID, type Warehouse } from '@oms/order-core';
import { rejectionCode, useFixture, type PersistenceFactory } from './persistence-fixture';

function aWarehouse(overrides: Partial<Warehouse> = {}): Warehouse {
  return { id: 'wh_east', code: 'EAST', name: 'East', active: true, priority: 10, version: 1, createdAt: '2026-03-20T12:00:00.000Z', updatedAt: '2026-03-20T12:00:00.000Z', ...overrides };
}

export function describeWarehouseRepositoryContract(name: string, factory: PersistenceFactory): void {
  describe(`WarehouseRepository contract: ${name}`, () => {
    const uow = useFixture(factory);
    const warehouses = () => uow().repositories.warehouses;

    it('has the default warehouse from the start', async () => {
      const all = await warehouses().list();
      expect(all.map((w) => w.id)).toEqual([DEFAULT_WAREHOUSE_ID]);
      expect(all[0]).toMatchObject({ code: 'DEFAULT', active: true });
    });

    it('stores, finds and lists by priority then code, optionally active only', async () => {
      const east = aWarehouse();
      const west = aWarehouse({ id: 'wh_west', code: 'WEST', priority: 5, active: false });
      const north = aWarehouse({ id: 'wh_north', code: 'NORTH', priority: 10 });
      await uow().transaction(async (r) => {
        await r.warehouses.insert(east);
        await r.warehouses.insert(west);
        await r.warehouses.insert(north);
      });
      expect(await warehouses().findById('wh_east')).toEqual(east);
      expect(await warehouses().findByCode('WEST')).toEqual(west);
      expect(await warehouses().findById('wh_none')).toBeNull();
      expect(await warehouses().findByCode('NONE')).toBeNull();
      expect((await warehouses().list()).map((w) => w.code)).toEqual(['DEFAULT', 'WEST', 'EAST', 'NORTH']);
      expect((await warehouses().list({ activeOnly: true })).map((w) => w.code)).toEqual(['DEFAULT', 'EAST', 'NORTH']);
    });

    it('refuses a taken code and updates only at the expected version', async () => {
      const east = aWarehouse();
      await uow().transaction((r) => r.warehouses.insert(east));
      expect((await rejectionCode(uow().transaction((r) => r.warehouses.insert(aWarehouse({ id: 'wh_2' }))))).code).toBe('CONFLICT');
      const renamed = { ...east, name: 'East 2', active: false, version: 2 };
      expect(await uow().transaction((r) => r.warehouses.update(renamed, 1))).toBe(true);
      expect(await warehouses().findById(east.id)).toEqual(renamed);
      expect(await uow().transaction((r) => r.warehouses.update({ ...east, name: 'stale', version: 2 }, 1))).toBe(false);
      expect((await rejectionCode(uow().transaction((r) => r.warehouses.update({ ...renamed, code: 'DEFAULT', version: 3 }, 2)))).code).toBe('CONFLICT');
    });
  });
}
