import { AppPlugin } from '@grafana/data';
import { AppRoot } from './components/AppRoot';

export const plugin = new AppPlugin<{}>().setRootPage(AppRoot);
