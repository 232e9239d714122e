import { defineConfig } from 'tsup';
import { cleanDist, packageBuild } from '../../tsup.shared.ts';

cleanDist();
export default defineConfig(packageBuild());
