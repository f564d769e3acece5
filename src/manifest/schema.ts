/**
 * A compact runtime description of the fields (and their JSON/Go types) of the kinds kubesim
 * serves, as the Kubernetes v1.32 API defines them. Used by strict decoding (strict.ts) to find
 * unknown fields and type errors the way the apiserver's JSON decoder does.
 *
 * Source of the field lists: the Kubernetes API reference (the `kubernetes-types` v1.30 typings,
 * plus the fields v1.31/v1.32 added: PodSpec.resources, PodSecurityContext.supplementalGroupsPolicy
 * and seLinuxChangePolicy, Volume.image, ResourceClaim.request, PodResourceClaim.resourceClaimName /
 * resourceClaimTemplateName (replacing `source`), ContainerStatus.user / allocatedResourcesStatus,
 * NodeStatus.features, NodeSystemInfo.swap).
 *
 * Notation of STRUCTS: one entry per Go struct, `field:type` separated by spaces. Types:
 *   s    string                 i32 / i64  integer (Go int32 / int64)   b  boolean
 *   ios  int-or-string          q    quantity (resource.Quantity)       t  time (metav1.Time, a string)
 *   m    map[string]string      rl   v1.ResourceList (map of quantity)  any  free-form (RawExtension, FieldsV1)
 *   [X]  array of X             Name another struct of this table
 * Go type names shown in type errors are `v1.<Struct>`, `[]<elem>`, `map[string]string`, ... (all
 * the API packages involved are named `v1`). Named string types (v1.Protocol, ...) are in GO_NAMED.
 */

export type SchemaType =
  | { kind: 'string'; goType: string }
  | { kind: 'integer'; goType: 'int32' | 'int64' }
  | { kind: 'boolean' }
  | { kind: 'int-or-string' }
  | { kind: 'quantity' }
  | { kind: 'time' }
  | { kind: 'map'; goType: string; values: SchemaType }
  | { kind: 'array'; items: SchemaType }
  | { kind: 'object'; name: string; fields: Map<string, SchemaType> }
  | { kind: 'free-form' };

export type ObjectSchema = Extract<SchemaType, { kind: 'object' }>;

const STRUCTS: Record<string, string> = {
  Namespace: 'apiVersion:s kind:s metadata:ObjectMeta spec:NamespaceSpec status:NamespaceStatus',
  ObjectMeta: 'annotations:m creationTimestamp:t deletionGracePeriodSeconds:i64 deletionTimestamp:t finalizers:[s] generateName:s generation:i64 labels:m managedFields:[ManagedFieldsEntry] name:s namespace:s ownerReferences:[OwnerReference] resourceVersion:s selfLink:s uid:s',
  ManagedFieldsEntry: 'apiVersion:s fieldsType:s fieldsV1:any manager:s operation:s subresource:s time:t',
  OwnerReference: 'apiVersion:s blockOwnerDeletion:b controller:b kind:s name:s uid:s',
  NamespaceSpec: 'finalizers:[s]',
  NamespaceStatus: 'conditions:[NamespaceCondition] phase:s',
  NamespaceCondition: 'lastTransitionTime:t message:s reason:s status:s type:s',
  Pod: 'apiVersion:s kind:s metadata:ObjectMeta spec:PodSpec status:PodStatus',
  PodSpec: 'activeDeadlineSeconds:i64 affinity:Affinity automountServiceAccountToken:b containers:[Container] dnsConfig:PodDNSConfig dnsPolicy:s enableServiceLinks:b ephemeralContainers:[EphemeralContainer] hostAliases:[HostAlias] hostIPC:b hostNetwork:b hostPID:b hostUsers:b hostname:s imagePullSecrets:[LocalObjectReference] initContainers:[Container] nodeName:s nodeSelector:m os:PodOS overhead:rl preemptionPolicy:s priority:i32 priorityClassName:s readinessGates:[PodReadinessGate] resourceClaims:[PodResourceClaim] resources:ResourceRequirements restartPolicy:s runtimeClassName:s schedulerName:s schedulingGates:[PodSchedulingGate] securityContext:PodSecurityContext serviceAccount:s serviceAccountName:s setHostnameAsFQDN:b shareProcessNamespace:b subdomain:s terminationGracePeriodSeconds:i64 tolerations:[Toleration] topologySpreadConstraints:[TopologySpreadConstraint] volumes:[Volume]',
  Affinity: 'nodeAffinity:NodeAffinity podAffinity:PodAffinity podAntiAffinity:PodAntiAffinity',
  NodeAffinity: 'preferredDuringSchedulingIgnoredDuringExecution:[PreferredSchedulingTerm] requiredDuringSchedulingIgnoredDuringExecution:NodeSelector',
  PreferredSchedulingTerm: 'preference:NodeSelectorTerm weight:i32',
  NodeSelectorTerm: 'matchExpressions:[NodeSelectorRequirement] matchFields:[NodeSelectorRequirement]',
  NodeSelectorRequirement: 'key:s operator:s values:[s]',
  NodeSelector: 'nodeSelectorTerms:[NodeSelectorTerm]',
  PodAffinity: 'preferredDuringSchedulingIgnoredDuringExecution:[WeightedPodAffinityTerm] requiredDuringSchedulingIgnoredDuringExecution:[PodAffinityTerm]',
  WeightedPodAffinityTerm: 'podAffinityTerm:PodAffinityTerm weight:i32',
  PodAffinityTerm: 'labelSelector:LabelSelector matchLabelKeys:[s] mismatchLabelKeys:[s] namespaceSelector:LabelSelector namespaces:[s] topologyKey:s',
  LabelSelector: 'matchExpressions:[LabelSelectorRequirement] matchLabels:m',
  LabelSelectorRequirement: 'key:s operator:s values:[s]',
  PodAntiAffinity: 'preferredDuringSchedulingIgnoredDuringExecution:[WeightedPodAffinityTerm] requiredDuringSchedulingIgnoredDuringExecution:[PodAffinityTerm]',
  Container: 'args:[s] command:[s] env:[EnvVar] envFrom:[EnvFromSource] image:s imagePullPolicy:s lifecycle:Lifecycle livenessProbe:Probe name:s ports:[ContainerPort] readinessProbe:Probe resizePolicy:[ContainerResizePolicy] resources:ResourceRequirements restartPolicy:s securityContext:SecurityContext startupProbe:Probe stdin:b stdinOnce:b terminationMessagePath:s terminationMessagePolicy:s tty:b volumeDevices:[VolumeDevice] volumeMounts:[VolumeMount] workingDir:s',
  EnvVar: 'name:s value:s valueFrom:EnvVarSource',
  EnvVarSource: 'configMapKeyRef:ConfigMapKeySelector fieldRef:ObjectFieldSelector resourceFieldRef:ResourceFieldSelector secretKeyRef:SecretKeySelector',
  ConfigMapKeySelector: 'key:s name:s optional:b',
  ObjectFieldSelector: 'apiVersion:s fieldPath:s',
  ResourceFieldSelector: 'containerName:s divisor:q resource:s',
  SecretKeySelector: 'key:s name:s optional:b',
  EnvFromSource: 'configMapRef:ConfigMapEnvSource prefix:s secretRef:SecretEnvSource',
  ConfigMapEnvSource: 'name:s optional:b',
  SecretEnvSource: 'name:s optional:b',
  Lifecycle: 'postStart:LifecycleHandler preStop:LifecycleHandler',
  LifecycleHandler: 'exec:ExecAction httpGet:HTTPGetAction sleep:SleepAction tcpSocket:TCPSocketAction',
  ExecAction: 'command:[s]',
  HTTPGetAction: 'host:s httpHeaders:[HTTPHeader] path:s port:ios scheme:s',
  HTTPHeader: 'name:s value:s',
  SleepAction: 'seconds:i32',
  TCPSocketAction: 'host:s port:ios',
  Probe: 'exec:ExecAction failureThreshold:i32 grpc:GRPCAction httpGet:HTTPGetAction initialDelaySeconds:i32 periodSeconds:i32 successThreshold:i32 tcpSocket:TCPSocketAction terminationGracePeriodSeconds:i64 timeoutSeconds:i32',
  GRPCAction: 'port:i32 service:s',
  ContainerPort: 'containerPort:i32 hostIP:s hostPort:i32 name:s protocol:s',
  ContainerResizePolicy: 'resourceName:s restartPolicy:s',
  ResourceRequirements: 'claims:[ResourceClaim] limits:rl requests:rl',
  ResourceClaim: 'name:s request:s',
  SecurityContext: 'allowPrivilegeEscalation:b appArmorProfile:AppArmorProfile capabilities:Capabilities privileged:b procMount:s readOnlyRootFilesystem:b runAsGroup:i64 runAsNonRoot:b runAsUser:i64 seLinuxOptions:SELinuxOptions seccompProfile:SeccompProfile windowsOptions:WindowsSecurityContextOptions',
  AppArmorProfile: 'localhostProfile:s type:s',
  Capabilities: 'add:[s] drop:[s]',
  SELinuxOptions: 'level:s role:s type:s user:s',
  SeccompProfile: 'localhostProfile:s type:s',
  WindowsSecurityContextOptions: 'gmsaCredentialSpec:s gmsaCredentialSpecName:s hostProcess:b runAsUserName:s',
  VolumeDevice: 'devicePath:s name:s',
  VolumeMount: 'mountPath:s mountPropagation:s name:s readOnly:b recursiveReadOnly:s subPath:s subPathExpr:s',
  PodDNSConfig: 'nameservers:[s] options:[PodDNSConfigOption] searches:[s]',
  PodDNSConfigOption: 'name:s value:s',
  EphemeralContainer: 'args:[s] command:[s] env:[EnvVar] envFrom:[EnvFromSource] image:s imagePullPolicy:s lifecycle:Lifecycle livenessProbe:Probe name:s ports:[ContainerPort] readinessProbe:Probe resizePolicy:[ContainerResizePolicy] resources:ResourceRequirements restartPolicy:s securityContext:SecurityContext startupProbe:Probe stdin:b stdinOnce:b targetContainerName:s terminationMessagePath:s terminationMessagePolicy:s tty:b volumeDevices:[VolumeDevice] volumeMounts:[VolumeMount] workingDir:s',
  HostAlias: 'hostnames:[s] ip:s',
  LocalObjectReference: 'name:s',
  PodOS: 'name:s',
  PodReadinessGate: 'conditionType:s',
  PodResourceClaim: 'name:s resourceClaimName:s resourceClaimTemplateName:s',
  PodSchedulingGate: 'name:s',
  PodSecurityContext: 'appArmorProfile:AppArmorProfile fsGroup:i64 fsGroupChangePolicy:s runAsGroup:i64 runAsNonRoot:b runAsUser:i64 seLinuxChangePolicy:s seLinuxOptions:SELinuxOptions seccompProfile:SeccompProfile supplementalGroups:[i64] supplementalGroupsPolicy:s sysctls:[Sysctl] windowsOptions:WindowsSecurityContextOptions',
  Sysctl: 'name:s value:s',
  Toleration: 'effect:s key:s operator:s tolerationSeconds:i64 value:s',
  TopologySpreadConstraint: 'labelSelector:LabelSelector matchLabelKeys:[s] maxSkew:i32 minDomains:i32 nodeAffinityPolicy:s nodeTaintsPolicy:s topologyKey:s whenUnsatisfiable:s',
  Volume: 'awsElasticBlockStore:AWSElasticBlockStoreVolumeSource azureDisk:AzureDiskVolumeSource azureFile:AzureFileVolumeSource cephfs:CephFSVolumeSource cinder:CinderVolumeSource configMap:ConfigMapVolumeSource csi:CSIVolumeSource downwardAPI:DownwardAPIVolumeSource emptyDir:EmptyDirVolumeSource ephemeral:EphemeralVolumeSource fc:FCVolumeSource flexVolume:FlexVolumeSource flocker:FlockerVolumeSource gcePersistentDisk:GCEPersistentDiskVolumeSource gitRepo:GitRepoVolumeSource glusterfs:GlusterfsVolumeSource hostPath:HostPathVolumeSource image:ImageVolumeSource iscsi:ISCSIVolumeSource name:s nfs:NFSVolumeSource persistentVolumeClaim:PersistentVolumeClaimVolumeSource photonPersistentDisk:PhotonPersistentDiskVolumeSource portworxVolume:PortworxVolumeSource projected:ProjectedVolumeSource quobyte:QuobyteVolumeSource rbd:RBDVolumeSource scaleIO:ScaleIOVolumeSource secret:SecretVolumeSource storageos:StorageOSVolumeSource vsphereVolume:VsphereVirtualDiskVolumeSource',
  AWSElasticBlockStoreVolumeSource: 'fsType:s partition:i32 readOnly:b volumeID:s',
  AzureDiskVolumeSource: 'cachingMode:s diskName:s diskURI:s fsType:s kind:s readOnly:b',
  AzureFileVolumeSource: 'readOnly:b secretName:s shareName:s',
  CephFSVolumeSource: 'monitors:[s] path:s readOnly:b secretFile:s secretRef:LocalObjectReference user:s',
  CinderVolumeSource: 'fsType:s readOnly:b secretRef:LocalObjectReference volumeID:s',
  ConfigMapVolumeSource: 'defaultMode:i32 items:[KeyToPath] name:s optional:b',
  KeyToPath: 'key:s mode:i32 path:s',
  CSIVolumeSource: 'driver:s fsType:s nodePublishSecretRef:LocalObjectReference readOnly:b volumeAttributes:m',
  DownwardAPIVolumeSource: 'defaultMode:i32 items:[DownwardAPIVolumeFile]',
  DownwardAPIVolumeFile: 'fieldRef:ObjectFieldSelector mode:i32 path:s resourceFieldRef:ResourceFieldSelector',
  EmptyDirVolumeSource: 'medium:s sizeLimit:q',
  EphemeralVolumeSource: 'volumeClaimTemplate:PersistentVolumeClaimTemplate',
  PersistentVolumeClaimTemplate: 'metadata:ObjectMeta spec:PersistentVolumeClaimSpec',
  PersistentVolumeClaimSpec: 'accessModes:[s] dataSource:TypedLocalObjectReference dataSourceRef:TypedObjectReference resources:VolumeResourceRequirements selector:LabelSelector storageClassName:s volumeAttributesClassName:s volumeMode:s volumeName:s',
  TypedLocalObjectReference: 'apiGroup:s kind:s name:s',
  TypedObjectReference: 'apiGroup:s kind:s name:s namespace:s',
  VolumeResourceRequirements: 'limits:rl requests:rl',
  FCVolumeSource: 'fsType:s lun:i32 readOnly:b targetWWNs:[s] wwids:[s]',
  FlexVolumeSource: 'driver:s fsType:s options:m readOnly:b secretRef:LocalObjectReference',
  FlockerVolumeSource: 'datasetName:s datasetUUID:s',
  GCEPersistentDiskVolumeSource: 'fsType:s partition:i32 pdName:s readOnly:b',
  GitRepoVolumeSource: 'directory:s repository:s revision:s',
  GlusterfsVolumeSource: 'endpoints:s path:s readOnly:b',
  HostPathVolumeSource: 'path:s type:s',
  ISCSIVolumeSource: 'chapAuthDiscovery:b chapAuthSession:b fsType:s initiatorName:s iqn:s iscsiInterface:s lun:i32 portals:[s] readOnly:b secretRef:LocalObjectReference targetPortal:s',
  NFSVolumeSource: 'path:s readOnly:b server:s',
  PersistentVolumeClaimVolumeSource: 'claimName:s readOnly:b',
  PhotonPersistentDiskVolumeSource: 'fsType:s pdID:s',
  PortworxVolumeSource: 'fsType:s readOnly:b volumeID:s',
  ProjectedVolumeSource: 'defaultMode:i32 sources:[VolumeProjection]',
  VolumeProjection: 'clusterTrustBundle:ClusterTrustBundleProjection configMap:ConfigMapProjection downwardAPI:DownwardAPIProjection secret:SecretProjection serviceAccountToken:ServiceAccountTokenProjection',
  ClusterTrustBundleProjection: 'labelSelector:LabelSelector name:s optional:b path:s signerName:s',
  ConfigMapProjection: 'items:[KeyToPath] name:s optional:b',
  DownwardAPIProjection: 'items:[DownwardAPIVolumeFile]',
  SecretProjection: 'items:[KeyToPath] name:s optional:b',
  ServiceAccountTokenProjection: 'audience:s expirationSeconds:i64 path:s',
  QuobyteVolumeSource: 'group:s readOnly:b registry:s tenant:s user:s volume:s',
  RBDVolumeSource: 'fsType:s image:s keyring:s monitors:[s] pool:s readOnly:b secretRef:LocalObjectReference user:s',
  ScaleIOVolumeSource: 'fsType:s gateway:s protectionDomain:s readOnly:b secretRef:LocalObjectReference sslEnabled:b storageMode:s storagePool:s system:s volumeName:s',
  SecretVolumeSource: 'defaultMode:i32 items:[KeyToPath] optional:b secretName:s',
  StorageOSVolumeSource: 'fsType:s readOnly:b secretRef:LocalObjectReference volumeName:s volumeNamespace:s',
  VsphereVirtualDiskVolumeSource: 'fsType:s storagePolicyID:s storagePolicyName:s volumePath:s',
  PodStatus: 'conditions:[PodCondition] containerStatuses:[ContainerStatus] ephemeralContainerStatuses:[ContainerStatus] hostIP:s hostIPs:[HostIP] initContainerStatuses:[ContainerStatus] message:s nominatedNodeName:s phase:s podIP:s podIPs:[PodIP] qosClass:s reason:s resize:s resourceClaimStatuses:[PodResourceClaimStatus] startTime:t',
  PodCondition: 'lastProbeTime:t lastTransitionTime:t message:s reason:s status:s type:s',
  ContainerStatus: 'allocatedResources:rl allocatedResourcesStatus:[ResourceStatus] containerID:s image:s imageID:s lastState:ContainerState name:s ready:b resources:ResourceRequirements restartCount:i32 started:b state:ContainerState user:ContainerUser volumeMounts:[VolumeMountStatus]',
  ContainerState: 'running:ContainerStateRunning terminated:ContainerStateTerminated waiting:ContainerStateWaiting',
  ContainerStateRunning: 'startedAt:t',
  ContainerStateTerminated: 'containerID:s exitCode:i32 finishedAt:t message:s reason:s signal:i32 startedAt:t',
  ContainerStateWaiting: 'message:s reason:s',
  VolumeMountStatus: 'mountPath:s name:s readOnly:b recursiveReadOnly:s',
  HostIP: 'ip:s',
  PodIP: 'ip:s',
  PodResourceClaimStatus: 'name:s resourceClaimName:s',
  Service: 'apiVersion:s kind:s metadata:ObjectMeta spec:ServiceSpec status:ServiceStatus',
  ServiceSpec: 'allocateLoadBalancerNodePorts:b clusterIP:s clusterIPs:[s] externalIPs:[s] externalName:s externalTrafficPolicy:s healthCheckNodePort:i32 internalTrafficPolicy:s ipFamilies:[s] ipFamilyPolicy:s loadBalancerClass:s loadBalancerIP:s loadBalancerSourceRanges:[s] ports:[ServicePort] publishNotReadyAddresses:b selector:m sessionAffinity:s sessionAffinityConfig:SessionAffinityConfig trafficDistribution:s type:s',
  ServicePort: 'appProtocol:s name:s nodePort:i32 port:i32 protocol:s targetPort:ios',
  SessionAffinityConfig: 'clientIP:ClientIPConfig',
  ClientIPConfig: 'timeoutSeconds:i32',
  ServiceStatus: 'conditions:[Condition] loadBalancer:LoadBalancerStatus',
  Condition: 'lastTransitionTime:t message:s observedGeneration:i64 reason:s status:s type:s',
  LoadBalancerStatus: 'ingress:[LoadBalancerIngress]',
  LoadBalancerIngress: 'hostname:s ip:s ipMode:s ports:[PortStatus]',
  PortStatus: 'error:s port:i32 protocol:s',
  Endpoints: 'apiVersion:s kind:s metadata:ObjectMeta subsets:[EndpointSubset]',
  EndpointSubset: 'addresses:[EndpointAddress] notReadyAddresses:[EndpointAddress] ports:[EndpointPort]',
  EndpointAddress: 'hostname:s ip:s nodeName:s targetRef:ObjectReference',
  ObjectReference: 'apiVersion:s fieldPath:s kind:s name:s namespace:s resourceVersion:s uid:s',
  EndpointPort: 'appProtocol:s name:s port:i32 protocol:s',
  Node: 'apiVersion:s kind:s metadata:ObjectMeta spec:NodeSpec status:NodeStatus',
  NodeSpec: 'configSource:NodeConfigSource externalID:s podCIDR:s podCIDRs:[s] providerID:s taints:[Taint] unschedulable:b',
  NodeConfigSource: 'configMap:ConfigMapNodeConfigSource',
  ConfigMapNodeConfigSource: 'kubeletConfigKey:s name:s namespace:s resourceVersion:s uid:s',
  Taint: 'effect:s key:s timeAdded:t value:s',
  NodeStatus: 'addresses:[NodeAddress] allocatable:rl capacity:rl conditions:[NodeCondition] config:NodeConfigStatus daemonEndpoints:NodeDaemonEndpoints features:NodeFeatures images:[ContainerImage] nodeInfo:NodeSystemInfo phase:s runtimeHandlers:[NodeRuntimeHandler] volumesAttached:[AttachedVolume] volumesInUse:[s]',
  NodeAddress: 'address:s type:s',
  NodeCondition: 'lastHeartbeatTime:t lastTransitionTime:t message:s reason:s status:s type:s',
  NodeConfigStatus: 'active:NodeConfigSource assigned:NodeConfigSource error:s lastKnownGood:NodeConfigSource',
  NodeDaemonEndpoints: 'kubeletEndpoint:DaemonEndpoint',
  DaemonEndpoint: 'Port:i32',
  ContainerImage: 'names:[s] sizeBytes:i64',
  NodeSystemInfo: 'architecture:s bootID:s containerRuntimeVersion:s kernelVersion:s kubeProxyVersion:s kubeletVersion:s machineID:s operatingSystem:s osImage:s swap:NodeSwapStatus systemUUID:s',
  NodeRuntimeHandler: 'features:NodeRuntimeHandlerFeatures name:s',
  NodeRuntimeHandlerFeatures: 'recursiveReadOnlyMounts:b',
  AttachedVolume: 'devicePath:s name:s',
  Deployment: 'apiVersion:s kind:s metadata:ObjectMeta spec:DeploymentSpec status:DeploymentStatus',
  DeploymentSpec: 'minReadySeconds:i32 paused:b progressDeadlineSeconds:i32 replicas:i32 revisionHistoryLimit:i32 selector:LabelSelector strategy:DeploymentStrategy template:PodTemplateSpec',
  DeploymentStrategy: 'rollingUpdate:RollingUpdateDeployment type:s',
  RollingUpdateDeployment: 'maxSurge:ios maxUnavailable:ios',
  PodTemplateSpec: 'metadata:ObjectMeta spec:PodSpec',
  DeploymentStatus: 'availableReplicas:i32 collisionCount:i32 conditions:[DeploymentCondition] observedGeneration:i64 readyReplicas:i32 replicas:i32 unavailableReplicas:i32 updatedReplicas:i32',
  DeploymentCondition: 'lastTransitionTime:t lastUpdateTime:t message:s reason:s status:s type:s',
  ReplicaSet: 'apiVersion:s kind:s metadata:ObjectMeta spec:ReplicaSetSpec status:ReplicaSetStatus',
  ReplicaSetSpec: 'minReadySeconds:i32 replicas:i32 selector:LabelSelector template:PodTemplateSpec',
  ReplicaSetStatus: 'availableReplicas:i32 conditions:[ReplicaSetCondition] fullyLabeledReplicas:i32 observedGeneration:i64 readyReplicas:i32 replicas:i32',
  ReplicaSetCondition: 'lastTransitionTime:t message:s reason:s status:s type:s',
  StatefulSet: 'apiVersion:s kind:s metadata:ObjectMeta spec:StatefulSetSpec status:StatefulSetStatus',
  StatefulSetSpec: 'minReadySeconds:i32 ordinals:StatefulSetOrdinals persistentVolumeClaimRetentionPolicy:StatefulSetPersistentVolumeClaimRetentionPolicy podManagementPolicy:s replicas:i32 revisionHistoryLimit:i32 selector:LabelSelector serviceName:s template:PodTemplateSpec updateStrategy:StatefulSetUpdateStrategy volumeClaimTemplates:[PersistentVolumeClaim]',
  StatefulSetOrdinals: 'start:i32',
  StatefulSetPersistentVolumeClaimRetentionPolicy: 'whenDeleted:s whenScaled:s',
  StatefulSetUpdateStrategy: 'rollingUpdate:RollingUpdateStatefulSetStrategy type:s',
  RollingUpdateStatefulSetStrategy: 'maxUnavailable:ios partition:i32',
  PersistentVolumeClaim: 'apiVersion:s kind:s metadata:ObjectMeta spec:PersistentVolumeClaimSpec status:PersistentVolumeClaimStatus',
  PersistentVolumeClaimStatus: 'accessModes:[s] allocatedResourceStatuses:m allocatedResources:rl capacity:rl conditions:[PersistentVolumeClaimCondition] currentVolumeAttributesClassName:s modifyVolumeStatus:ModifyVolumeStatus phase:s',
  PersistentVolumeClaimCondition: 'lastProbeTime:t lastTransitionTime:t message:s reason:s status:s type:s',
  ModifyVolumeStatus: 'status:s targetVolumeAttributesClassName:s',
  StatefulSetStatus: 'availableReplicas:i32 collisionCount:i32 conditions:[StatefulSetCondition] currentReplicas:i32 currentRevision:s observedGeneration:i64 readyReplicas:i32 replicas:i32 updateRevision:s updatedReplicas:i32',
  StatefulSetCondition: 'lastTransitionTime:t message:s reason:s status:s type:s',
  DaemonSet: 'apiVersion:s kind:s metadata:ObjectMeta spec:DaemonSetSpec status:DaemonSetStatus',
  DaemonSetSpec: 'minReadySeconds:i32 revisionHistoryLimit:i32 selector:LabelSelector template:PodTemplateSpec updateStrategy:DaemonSetUpdateStrategy',
  DaemonSetUpdateStrategy: 'rollingUpdate:RollingUpdateDaemonSet type:s',
  RollingUpdateDaemonSet: 'maxSurge:ios maxUnavailable:ios',
  DaemonSetStatus: 'collisionCount:i32 conditions:[DaemonSetCondition] currentNumberScheduled:i32 desiredNumberScheduled:i32 numberAvailable:i32 numberMisscheduled:i32 numberReady:i32 numberUnavailable:i32 observedGeneration:i64 updatedNumberScheduled:i32',
  DaemonSetCondition: 'lastTransitionTime:t message:s reason:s status:s type:s',
  EndpointSlice: 'addressType:s apiVersion:s endpoints:[Endpoint] kind:s metadata:ObjectMeta ports:[EndpointPort]',
  Endpoint: 'addresses:[s] conditions:EndpointConditions deprecatedTopology:m hints:EndpointHints hostname:s nodeName:s targetRef:ObjectReference zone:s',
  EndpointConditions: 'ready:b serving:b terminating:b',
  EndpointHints: 'forZones:[ForZone]',
  ForZone: 'name:s',
  ImageVolumeSource: 'pullPolicy:s reference:s',
  ContainerUser: 'linux:LinuxContainerUser',
  LinuxContainerUser: 'gid:i64 supplementalGroups:[i64] uid:i64',
  ResourceStatus: 'name:s resources:[ResourceHealth]',
  ResourceHealth: 'health:s resourceID:s',
  NodeFeatures: 'supplementalGroupsPolicy:b',
  NodeSwapStatus: 'capacity:i64',
};

/** Named Go string types, as `Struct.field` → Go type (what a type error prints after `of type`). */
const GO_NAMED: Record<string, string> = {
  'ServicePort.protocol': 'v1.Protocol',
  'ContainerPort.protocol': 'v1.Protocol',
  'EndpointPort.protocol': 'v1.Protocol',
  'PortStatus.protocol': 'v1.Protocol',
  'ServiceSpec.type': 'v1.ServiceType',
  'ServiceSpec.sessionAffinity': 'v1.ServiceAffinity',
  'ServiceSpec.externalTrafficPolicy': 'v1.ServiceExternalTrafficPolicy',
  'ServiceSpec.internalTrafficPolicy': 'v1.ServiceInternalTrafficPolicy',
  'ServiceSpec.ipFamilyPolicy': 'v1.IPFamilyPolicy',
  'ServiceSpec.ipFamilies': 'v1.IPFamily',
  'Container.imagePullPolicy': 'v1.PullPolicy',
  'EphemeralContainer.imagePullPolicy': 'v1.PullPolicy',
  'Container.terminationMessagePolicy': 'v1.TerminationMessagePolicy',
  'EphemeralContainer.terminationMessagePolicy': 'v1.TerminationMessagePolicy',
  'Container.restartPolicy': 'v1.ContainerRestartPolicy',
  'EphemeralContainer.restartPolicy': 'v1.ContainerRestartPolicy',
  'PodSpec.restartPolicy': 'v1.RestartPolicy',
  'PodSpec.dnsPolicy': 'v1.DNSPolicy',
  'PodSpec.preemptionPolicy': 'v1.PreemptionPolicy',
  'PodStatus.phase': 'v1.PodPhase',
  'PodStatus.qosClass': 'v1.PodQOSClass',
  'NamespaceStatus.phase': 'v1.NamespacePhase',
  'Toleration.operator': 'v1.TolerationOperator',
  'Toleration.effect': 'v1.TaintEffect',
  'Taint.effect': 'v1.TaintEffect',
  'DeploymentStrategy.type': 'v1.DeploymentStrategyType',
  'StatefulSetSpec.podManagementPolicy': 'v1.PodManagementPolicyType',
  'StatefulSetUpdateStrategy.type': 'v1.StatefulSetUpdateStrategyType',
  'DaemonSetUpdateStrategy.type': 'v1.DaemonSetUpdateStrategyType',
  'HTTPGetAction.scheme': 'v1.URIScheme',
  'EndpointSlice.addressType': 'v1.AddressType',
  'Capabilities.add': 'v1.Capability',
  'Capabilities.drop': 'v1.Capability',
  'VolumeMount.mountPropagation': 'v1.MountPropagationMode',
  'NodeSelectorRequirement.operator': 'v1.NodeSelectorOperator',
  'LabelSelectorRequirement.operator': 'v1.LabelSelectorOperator',
  'PersistentVolumeClaimSpec.accessModes': 'v1.PersistentVolumeAccessMode',
  'HostPathVolumeSource.type': 'v1.HostPathType',
  'EmptyDirVolumeSource.medium': 'v1.StorageMedium',
  'NodeAddress.type': 'v1.NodeAddressType',
  'TopologySpreadConstraint.whenUnsatisfiable': 'v1.UnsatisfiableConstraintAction',
  'SecurityContext.procMount': 'v1.ProcMountType',
  'SeccompProfile.type': 'v1.SeccompProfileType',
  'AppArmorProfile.type': 'v1.AppArmorProfileType',
  'PodOS.name': 'v1.OSName',
  'ContainerResizePolicy.resourceName': 'v1.ResourceName',
  'ContainerResizePolicy.restartPolicy': 'v1.ResourceResizeRestartPolicy',
};

const SCALARS: Record<string, SchemaType> = {
  i32: { kind: 'integer', goType: 'int32' },
  i64: { kind: 'integer', goType: 'int64' },
  b: { kind: 'boolean' },
  ios: { kind: 'int-or-string' },
  q: { kind: 'quantity' },
  t: { kind: 'time' },
  any: { kind: 'free-form' },
};

const STRING: SchemaType = { kind: 'string', goType: 'string' };
const STRING_MAP: SchemaType = { kind: 'map', goType: 'map[string]string', values: STRING };
const RESOURCE_LIST: SchemaType = { kind: 'map', goType: 'v1.ResourceList', values: { kind: 'quantity' } };

const objects = new Map<string, ObjectSchema>();
for (const name of Object.keys(STRUCTS)) objects.set(name, { kind: 'object', name, fields: new Map() });

function typeOf(code: string, owner: string, field: string): SchemaType {
  if (code.startsWith('[') && code.endsWith(']')) return { kind: 'array', items: typeOf(code.slice(1, -1), owner, field) };
  if (code === 's') {
    const named = GO_NAMED[`${owner}.${field}`];
    return named ? { kind: 'string', goType: named } : STRING;
  }
  if (code === 'm') return STRING_MAP;
  if (code === 'rl') return RESOURCE_LIST;
  const scalar = SCALARS[code];
  if (scalar) return scalar;
  const obj = objects.get(code);
  if (!obj) throw new Error(`schema: unknown type ${code} in ${owner}.${field}`);
  return obj;
}

for (const [name, spec] of Object.entries(STRUCTS)) {
  const fields = objects.get(name)!.fields;
  for (const entry of spec.split(' ')) {
    const i = entry.indexOf(':');
    const field = entry.slice(0, i);
    fields.set(field, typeOf(entry.slice(i + 1), name, field));
  }
}

/** The kinds whose fields are known (the top-level Go struct of each). */
export const SCHEMA_KINDS: readonly string[] = [
  'Namespace', 'Pod', 'Service', 'Endpoints', 'Node', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'EndpointSlice',
];

/** Schema of a top-level kind, or undefined when kubesim does not know its fields. */
export function schemaForKind(kind: string): ObjectSchema | undefined {
  return SCHEMA_KINDS.includes(kind) ? objects.get(kind) : undefined;
}

/** Schema of any struct of the table by its Go name (`ObjectMeta`, `PodSpec`, ...). */
export function schemaForStruct(name: string): ObjectSchema | undefined {
  return objects.get(name);
}

/** The Go type name a decode error prints (`int32`, `[]v1.Container`, `v1.ObjectMeta`, `map[string]string`). */
export function goTypeName(t: SchemaType): string {
  switch (t.kind) {
    case 'string':
      return t.goType;
    case 'integer':
      return t.goType;
    case 'boolean':
      return 'bool';
    case 'int-or-string':
      return 'intstr.IntOrString';
    case 'quantity':
      return 'resource.Quantity';
    case 'time':
      return 'v1.Time';
    case 'map':
      return t.goType;
    case 'array':
      return `[]${goTypeName(t.items)}`;
    case 'object':
      return `v1.${t.name}`;
    case 'free-form':
      return 'interface {}';
  }
}
