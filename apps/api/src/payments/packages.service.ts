import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation, queryRows, Row, toSafeInt } from '../common/database/sql';
import { DomainException, notFound } from '../common/errors/domain.exception';
import { CreatePackageDto, UpdatePackageDto } from './dto/payments.dto';

export interface PackageView {
  id: string;
  code: string;
  name: string;
  description: string | null;
  priceFen: number;
  credits: number;
  bonusCredits: number;
  validityDays: number | null;
  bonusValidityDays: number | null;
  grantsApiKeys: boolean;
  active: boolean;
  sortOrder: number;
}

const COLUMNS: Record<keyof Omit<PackageView, 'id'>, string> = {
  code: 'code',
  name: 'name',
  description: 'description',
  priceFen: 'price_fen',
  credits: 'credits',
  bonusCredits: 'bonus_credits',
  validityDays: 'validity_days',
  bonusValidityDays: 'bonus_validity_days',
  grantsApiKeys: 'grants_api_keys',
  active: 'active',
  sortOrder: 'sort_order',
};

const NULLABLE = new Set(['description', 'validityDays', 'bonusValidityDays']);

function toPackage(r: Row): PackageView {
  return {
    id: r.id as string,
    code: r.code as string,
    name: r.name as string,
    description: (r.description as string | null) ?? null,
    priceFen: toSafeInt(r.price_fen),
    credits: toSafeInt(r.credits),
    bonusCredits: toSafeInt(r.bonus_credits),
    validityDays: r.validity_days === null ? null : Number(r.validity_days),
    bonusValidityDays: r.bonus_validity_days === null ? null : Number(r.bonus_validity_days),
    grantsApiKeys: Boolean(r.grants_api_keys),
    active: Boolean(r.active),
    sortOrder: Number(r.sort_order),
  };
}

/** Credit packages: what users can buy. Orders copy what they need, so edits never touch paid orders. */
@Injectable()
export class PackagesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(options: { activeOnly: boolean }): Promise<PackageView[]> {
    const rows = await queryRows(
      this.dataSource.manager,
      `SELECT * FROM credit_packages ${options.activeOnly ? 'WHERE active' : ''} ORDER BY sort_order, price_fen, id`,
    );
    return rows.map(toPackage);
  }

  async get(id: string, em: EntityManager = this.dataSource.manager): Promise<PackageView> {
    const [row] = await queryRows(em, `SELECT * FROM credit_packages WHERE id = $1`, [id]);
    if (!row) throw notFound('Package');
    return toPackage(row);
  }

  async create(dto: CreatePackageDto): Promise<PackageView> {
    try {
      const [row] = await queryRows(
        this.dataSource.manager,
        `INSERT INTO credit_packages
           (code, name, description, price_fen, credits, bonus_credits, validity_days, bonus_validity_days, grants_api_keys, active, sort_order)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
        [
          dto.code,
          dto.name,
          dto.description ?? null,
          dto.priceFen,
          dto.credits,
          dto.bonusCredits ?? 0,
          dto.validityDays ?? null,
          dto.bonusValidityDays ?? null,
          dto.grantsApiKeys ?? false,
          dto.active ?? true,
          dto.sortOrder ?? 0,
        ],
      );
      return toPackage(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainException('VALIDATION_FAILED', `A package with code ${dto.code} exists`);
      throw error;
    }
  }

  async update(id: string, dto: UpdatePackageDto): Promise<PackageView> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [field, column] of Object.entries(COLUMNS)) {
      const value = (dto as Record<string, unknown>)[field];
      if (value === undefined) continue;
      if (value === null && !NULLABLE.has(field)) {
        throw new DomainException('VALIDATION_FAILED', `${field} cannot be null`, { field });
      }
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    }
    if (!sets.length) return this.get(id);
    try {
      const [row] = await queryRows(
        this.dataSource.manager,
        `UPDATE credit_packages SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 RETURNING *`,
        params,
      );
      if (!row) throw notFound('Package');
      return toPackage(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainException('VALIDATION_FAILED', `A package with code ${dto.code} exists`);
      throw error;
    }
  }
}
