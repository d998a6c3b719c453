import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { StructureSnapshot } from '@pin/contracts';

/** An organisation that runs lieux (association, commune, médiathèque, France Services…). */
@Entity({ name: 'structure' })
export class Structure {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') nom!: string;
  @Column('text', { nullable: true }) siret!: string | null;
  @Column('text', { nullable: true }) rna!: string | null;
  @Column('text') commune!: string;
  @Column('text', { name: 'code_insee', nullable: true }) codeInsee!: string | null;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('text', { nullable: true }) telephone!: string | null;
  @VersionColumn() version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

export function toSnapshot(s: Structure): StructureSnapshot {
  return {
    id: s.id, nom: s.nom, siret: s.siret, rna: s.rna, commune: s.commune,
    codeInsee: s.codeInsee, email: s.email, telephone: s.telephone, version: s.version,
  };
}

export function toView(s: Structure) {
  return { ...toSnapshot(s), createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() };
}
export type StructureView = ReturnType<typeof toView>;
