// Istio publishes each image in variants that differ only by a tag suffix.
const IMAGE_VARIANT_SUFFIX = /-(distroless|debug)$/;

/**
 * The Istio version in an image reference's tag, without the image variant:
 * `docker.io/istio/pilot:1.26.4-distroless` gives `1.26.4`,
 * `gcr.io/istio-release/pilot:1.27.0@sha256:…` gives `1.27.0`. Undefined when
 * the reference has no tag (pinned by digest only, or implicitly `latest`).
 *
 * @public
 */
export function istioVersionFromImage(
  image: string | undefined,
): string | undefined {
  if (!image) return undefined;
  const [withoutDigest] = image.split('@');
  // A colon before the last slash belongs to a registry port, not a tag.
  const repository = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = repository.lastIndexOf(':');
  if (colon < 0) return undefined;
  return (
    repository.slice(colon + 1).replace(IMAGE_VARIANT_SUFFIX, '') || undefined
  );
}
