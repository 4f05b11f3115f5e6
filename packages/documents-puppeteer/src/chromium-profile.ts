import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Preferences of the throw-away profile: JavaScript and pop-ups blocked for every site (a layer under the pages'
 * own `setJavaScriptEnabled(false)`), and no network prediction, which would otherwise open connections to the
 * hosts a page links to before any request is made.
 */
export const HARDENED_PREFERENCES = {
  net: { network_prediction_options: 2 },
  profile: {
    default_content_setting_values: { javascript: 2, popups: 2, notifications: 2, geolocation: 2, media_stream: 2, automatic_downloads: 2 },
  },
  download: { prompt_for_download: false },
  safebrowsing: { enabled: false },
  search: { suggest_enabled: false },
  alternate_error_pages: { enabled: false },
};

export async function writeHardenedProfile(userDataDir: string, preferences: object = HARDENED_PREFERENCES): Promise<void> {
  await mkdir(join(userDataDir, 'Default'), { recursive: true });
  await writeFile(join(userDataDir, 'Default', 'Preferences'), JSON.stringify(preferences));
}
