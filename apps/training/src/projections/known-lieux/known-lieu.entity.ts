import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Projection of the directory's lieux (where sessions take place), fed by its events; training never reads the directory's tables. */
@Entity({ name: 'known_lieu' })
export class KnownLieu {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') nom!: string;
  @Column('text') commune!: string;
  @Column('text', { name: 'code_postal', nullable: true }) codePostal!: string | null;
  @Column('text') statut!: string;
  /** Version of the lieu at the directory: older events never overwrite newer facts. */
  @Column('int', { name: 'source_version' }) sourceVersion!: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
