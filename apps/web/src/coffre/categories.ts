import { SAFE_CATEGORIES } from '@pin/contracts/labels';
import type { SafeCategory } from '@pin/contracts';

/** The labels of the safe's categories (the keys are the contracts' slugs). */
export const CATEGORIES: Record<SafeCategory, string> = SAFE_CATEGORIES;
