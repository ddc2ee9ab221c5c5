namespace Vrm.Programs;

/// <summary>Memory a lock protects (<c>VRM_PROTECTS</c>): <see cref="Size"/> bytes from <see cref="Start"/>.</summary>
public sealed record LockedRange(long Lock, long Start, long Size, string Name, string LockName);

/// <summary>Memory no user or VM may reach (<c>VRM_KERNEL_PRIVATE</c>).</summary>
public sealed record PrivateMemory(long Start, long Size, string Name);

/// <summary>Whose translation a root is: the kernel's own, a user process's stage 1 (an ASID), or a VM's stage 2 (a VMID).</summary>
public enum RootKind { Kernel, User, Vm }

/// <summary>
/// A translation root the C code's tables hang from (<c>VRM_ROOT</c>): the top table's address, the level
/// its walk starts at, whose it is, and its ASID or VMID.
/// </summary>
public sealed record RootDeclaration(string Name, long Table, int StartLevel, RootKind Kind, int Id);

/// <summary>
/// What a kernel program declares about itself for the wDRF checks (vrm.h's annotations), read from its
/// constant declarations before any execution: which lock protects what, what is kernel-private, the
/// translation roots, and which thread templates are user/VM code rather than kernel CPUs.
/// </summary>
public sealed record KernelInfo(
    IReadOnlyList<LockedRange> Protected,
    IReadOnlyList<PrivateMemory> Private,
    IReadOnlyList<RootDeclaration> Roots,
    IReadOnlyList<bool> UserTemplates)
{
    public bool IsUser(int template) => template < UserTemplates.Count && UserTemplates[template];
}
