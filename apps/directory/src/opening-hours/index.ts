export * from './timezone';
export * from './horaires';
export * from './validate';
export * from './describe';
export * from './opening-hours.service';
export * from './opening-hours.module';
