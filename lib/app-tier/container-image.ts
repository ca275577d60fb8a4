import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';

/** The prefix that selects an ECR repository of the deployment's own account (`AppConfig.image`). */
export const ECR_IMAGE_PREFIX = 'ecr:';

/** Where an `AppConfig.image` reference points. */
export type ImageReference =
  | { readonly kind: 'ecr'; readonly repositoryName: string; readonly tagOrDigest: string }
  | { readonly kind: 'registry'; readonly name: string };

/**
 * Parses `AppConfig.image`: `ecr:<repository>:<tag>` or `ecr:<repository>@sha256:<digest>` names an
 * ECR repository of this account; anything else is a registry reference handed to the container
 * runtime as is (`public.ecr.aws/nginx/nginx-unprivileged:1.29-alpine`).
 */
export function parseImageReference(image: string): ImageReference {
  if (!image.startsWith(ECR_IMAGE_PREFIX)) return { kind: 'registry', name: image };
  const rest = image.slice(ECR_IMAGE_PREFIX.length);
  const at = rest.indexOf('@');
  const split = at >= 0 ? at : rest.lastIndexOf(':');
  const repositoryName = split > 0 ? rest.slice(0, split) : '';
  const tagOrDigest = split > 0 ? rest.slice(split + 1) : '';
  if (!repositoryName || !tagOrDigest || repositoryName.includes(':')) {
    throw new Error(
      `app.image "${image}" is not a valid ECR reference: expected "ecr:<repository>:<tag>" or "ecr:<repository>@sha256:<digest>" (the tag is required so every deployment names the image it runs).`,
    );
  }
  return { kind: 'ecr', repositoryName, tagOrDigest };
}

/** The container image for an `AppConfig.image` reference (no lookups: the repository is imported by name). */
export function containerImageFrom(scope: Construct, id: string, image: string): ecs.ContainerImage {
  const ref = parseImageReference(image);
  if (ref.kind === 'registry') return ecs.ContainerImage.fromRegistry(ref.name);
  const repository = ecr.Repository.fromRepositoryName(scope, id, ref.repositoryName);
  return ecs.ContainerImage.fromEcrRepository(repository, ref.tagOrDigest);
}
