import { z } from 'zod';

// Shapes of the fields the mesh model reads. Unknown fields pass through
// untouched; a present field of the wrong shape rejects the object, so that no
// verdict is computed from half-understood input.

const labels = z.record(z.string(), z.string());

const ownerReference = z.looseObject({
  kind: z.string(),
  name: z.string(),
  uid: z.string().optional(),
  controller: z.boolean().optional(),
});

const objectMeta = z.looseObject({
  name: z.string().min(1),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  labels: labels.optional(),
  annotations: labels.optional(),
  creationTimestamp: z.string().optional(),
  ownerReferences: z.array(ownerReference).optional(),
});

const port = z.number().int().min(1).max(65535);

const container = z.looseObject({
  // Required by Kubernetes; some test fixtures leave it out.
  name: z.string().default(''),
  ports: z
    .array(z.looseObject({ containerPort: port, name: z.string().optional() }))
    .optional(),
  restartPolicy: z.string().optional(),
});

const podSpec = z.looseObject({
  serviceAccountName: z.string().optional(),
  hostNetwork: z.boolean().optional(),
  // Required by Kubernetes, but test fixtures and templates often omit it.
  containers: z.array(container).default([]),
  initContainers: z.array(container).optional(),
});

const containerStatus = z.looseObject({ name: z.string(), ready: z.boolean() });

const mtlsMode = z.enum(['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT']);

const matchLabelsSelector = z.looseObject({ matchLabels: labels.optional() });

/** Every object needs these to be addressable. */
export const identitySchema = z.looseObject({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  metadata: objectMeta,
});

const podTemplateController = identitySchema.extend({
  spec: z.looseObject({
    selector: matchLabelsSelector.optional(),
    template: z
      .looseObject({
        metadata: objectMeta.partial().optional(),
        spec: podSpec.optional(),
      })
      .optional(),
  }),
});

const strings = z.array(z.string());

const authorizationRule = z.looseObject({
  from: z
    .array(
      z.looseObject({
        source: z
          .looseObject({
            principals: strings.optional(),
            notPrincipals: strings.optional(),
            requestPrincipals: strings.optional(),
            notRequestPrincipals: strings.optional(),
            namespaces: strings.optional(),
            notNamespaces: strings.optional(),
            serviceAccounts: strings.optional(),
            notServiceAccounts: strings.optional(),
            ipBlocks: strings.optional(),
            notIpBlocks: strings.optional(),
            remoteIpBlocks: strings.optional(),
            notRemoteIpBlocks: strings.optional(),
            trustDomains: strings.optional(),
            notTrustDomains: strings.optional(),
          })
          .optional(),
      }),
    )
    .optional(),
  to: z
    .array(
      z.looseObject({
        operation: z
          .looseObject({
            hosts: strings.optional(),
            notHosts: strings.optional(),
            ports: strings.optional(),
            notPorts: strings.optional(),
            methods: strings.optional(),
            notMethods: strings.optional(),
            paths: strings.optional(),
            notPaths: strings.optional(),
          })
          .optional(),
      }),
    )
    .optional(),
  when: z
    .array(
      z.looseObject({
        key: z.string(),
        values: strings.optional(),
        notValues: strings.optional(),
      }),
    )
    .optional(),
});

const targetRef = z.looseObject({
  group: z.string().optional(),
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
});

/**
 * Schemas for the kinds whose fields the model reads, keyed by kind.
 * Kinds not listed are checked for identity only.
 */
export const kindSchemas: Record<string, z.ZodType> = {
  Pod: identitySchema.extend({
    spec: podSpec.default({ containers: [] }),
    status: z
      .looseObject({
        phase: z.string().optional(),
        containerStatuses: z.array(containerStatus).optional(),
        initContainerStatuses: z.array(containerStatus).optional(),
      })
      .optional(),
  }),
  Deployment: podTemplateController,
  StatefulSet: podTemplateController,
  DaemonSet: podTemplateController,
  ReplicaSet: podTemplateController,
  Job: podTemplateController,
  Service: identitySchema.extend({
    spec: z.looseObject({
      selector: labels.optional(),
      ports: z
        .array(
          z.looseObject({
            port,
            targetPort: z.union([z.number().int(), z.string()]).optional(),
            name: z.string().optional(),
          }),
        )
        .optional(),
    }),
  }),
  AuthorizationPolicy: identitySchema.extend({
    spec: z
      .looseObject({
        selector: matchLabelsSelector.optional(),
        targetRef: targetRef.optional(),
        targetRefs: z.array(targetRef).optional(),
        action: z.enum(['ALLOW', 'DENY', 'AUDIT', 'CUSTOM']).optional(),
        provider: z.looseObject({ name: z.string().optional() }).optional(),
        rules: z.array(authorizationRule).optional(),
      })
      .default({}),
  }),
  PeerAuthentication: identitySchema.extend({
    spec: z
      .looseObject({
        selector: matchLabelsSelector.optional(),
        mtls: z.looseObject({ mode: mtlsMode.optional() }).optional(),
        portLevelMtls: z
          .record(
            z.string().regex(/^\d+$/, 'port must be a number'),
            z.looseObject({ mode: mtlsMode.optional() }),
          )
          .optional(),
      })
      .default({}),
  }),
};
