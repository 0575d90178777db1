/**
 * The kubeconform release the wrapper downloads when no binary is installed.
 * sha256 values are those of the release's CHECKSUMS asset (cross-checked in
 * several independent pinned build scripts); a download that does not match is refused.
 */
// renovate: datasource=github-releases depName=yannh/kubeconform
export const KUBECONFORM_VERSION = 'v0.8.0';

export const RELEASE_URL = `https://github.com/yannh/kubeconform/releases/download/${KUBECONFORM_VERSION}`;

export interface Asset {
  readonly file: string;
  readonly sha256: string;
}

/** Release archives by `${process.platform}-${process.arch}`. */
export const ASSETS: Readonly<Record<string, Asset>> = {
  'linux-x64': { file: 'kubeconform-linux-amd64.tar.gz', sha256: '9bc2bffbf71f261128533edaf912153948b7ff238f9a531ae6d34466ec287883' },
  'linux-arm64': { file: 'kubeconform-linux-arm64.tar.gz', sha256: '1f53fc8e81258197a35e8603054162a5af1de8c5af13746c71ab680d9534ed87' },
  'darwin-x64': { file: 'kubeconform-darwin-amd64.tar.gz', sha256: '71dbc87ac9f24099a62b93570e65aa06312ba6ac8aea63b7f86e9d999edf5a92' },
  'darwin-arm64': { file: 'kubeconform-darwin-arm64.tar.gz', sha256: 'f84f4dfbebf4a6b0b230385fa065a39ea35e02608c2b50d025dcf64775a69d67' },
};
