import { describe, expect, it } from 'vitest';
import { ASSETS, KUBECONFORM_VERSION, RELEASE_URL } from './pins.ts';

describe('kubeconform pins', () => {
  it('pin an exact release and a sha256 for every supported platform', () => {
    expect(KUBECONFORM_VERSION).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(RELEASE_URL).toBe(`https://github.com/yannh/kubeconform/releases/download/${KUBECONFORM_VERSION}`);
    expect(Object.keys(ASSETS).sort()).toEqual(['darwin-arm64', 'darwin-x64', 'linux-arm64', 'linux-x64']);
    for (const asset of Object.values(ASSETS)) {
      expect(asset.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(asset.file).toMatch(/^kubeconform-(linux|darwin)-(amd64|arm64)\.tar\.gz$/);
    }
  });
});
