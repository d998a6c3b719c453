import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SignalementMotif } from '@pin/contracts';

/** A report by anyone on a lieu; resolved by its structure's referents or the animateurs. */
@Entity({ name: 'signalement' })
@Index('signalement_lieu_idx', ['lieu_id', 'statut'])
export class Signalement {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') lieu_id!: string;
  @Column('text') motif!: SignalementMotif;
  @Column('text', { nullable: true }) commentaire!: string | null;
  /** Personal data: never in events, shown only to those who handle the report. */
  @Column('text', { nullable: true }) email!: string | null;
  @Column('text', { default: 'ouvert' }) statut!: 'ouvert' | 'corrige' | 'rejete';
  @Column('text', { nullable: true }) resolution_motif!: string | null;
  @Column('text', { nullable: true }) resolu_par!: string | null;
  @Column('timestamptz', { default: () => 'now()' }) created_at!: Date;
  @Column('timestamptz', { nullable: true }) resolved_at!: Date | null;
}
