import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Projection of the directory's structures, fed by its events (mandates never reads its tables). */
@Entity({ name: 'known_structure' })
export class KnownStructure {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') nom!: string;
  @Column('text') commune!: string;
  @Column('text', { name: 'code_insee', nullable: true }) codeInsee!: string | null;
  /** Version of the structure at the directory: older events never overwrite newer facts. */
  @Column('int', { name: 'source_version' }) sourceVersion!: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
