import { defineProject } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';

export default defineProject({
  test: { name: 'databento', include: ['src/**/*.test.ts'] },
  ...sourceConditions,
});
