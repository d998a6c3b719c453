import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An entry of the démarches catalogue (référentiel d'activités) managed by the animateurs. */
@Entity({ name: 'demarche' })
export class Demarche {
  @PrimaryColumn('text') slug!: string;
  @Column('text') libelle!: string;
  @Column('text') theme!: string;
  @Column('integer', { default: 0 }) position!: number;
  @Column('boolean', { default: true }) actif!: boolean;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) created_at!: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updated_at!: Date;
}
