namespace Vrm.Programs;

/// <summary>An operation (a C function) and the thread template of its atomic specification, which runs on the spec's own globals.</summary>
/// <remarks><see cref="Returns"/>: the operation returns a value, which its specification must give too (void ones are judged by their effect alone).</remarks>
public sealed record Operation(string Name, int Spec, int Arity, bool Returns);

/// <summary>
/// Memory a lock protects (<c>VRM_PROTECTS</c>): <see cref="Size"/> bytes from <see cref="Start"/>; the lock itself
/// is <see cref="LockSize"/> bytes from <see cref="Lock"/> (0: not declared, so only its first byte is known).
/// </summary>
public sealed record LockedRange(long Lock, long Start, long Size, string Name, string LockName, long LockSize = 0);

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
/// <summary>Memory secret to a principal (<c>VRM_SECRET</c>), or observable by one at the end (<c>VRM_OBSERVABLE</c>).</summary>
public sealed record PrincipalMemory(int Principal, long Start, long Size, string Name);

public sealed record KernelInfo(
    IReadOnlyList<LockedRange> Protected,
    IReadOnlyList<PrivateMemory> Private,
    IReadOnlyList<RootDeclaration> Roots,
    IReadOnlyList<bool> UserTemplates)
{
    public bool IsUser(int template) => template < UserTemplates.Count && UserTemplates[template];

    /// <summary>Per thread template, the principal it runs for (<c>VRM_PRINCIPAL</c>), or -1 for the kernel.</summary>
    public IReadOnlyList<int> Principals { get; init; } = [];

    public IReadOnlyList<PrincipalMemory> Secrets { get; init; } = [];

    public IReadOnlyList<PrincipalMemory> Observables { get; init; } = [];

    public int PrincipalOf(int template) => template < Principals.Count ? Principals[template] : -1;

    /// <summary>True when the program declares principals or secrets: the noninterference check applies.</summary>
    public bool HasPrincipals => Principals.Any(p => p >= 0) || Secrets.Count > 0;

    /// <summary>What <c>vrm_input</c> gives a thread of <paramref name="principal"/>: one value per principal, another in a varied run.</summary>
    /// <remarks>The varied value differs from the first in most bits, so that a leak of any part of it shows.</remarks>
    public static long InputValue(int principal, bool varied) => varied ? 0x3A71_C0DE + principal : 0x5EC0 + (0x10 * (principal + 1));
}
