using Vrm.Syntax;

namespace Vrm.Programs;

/// <summary>Register numbers of the thread IR: 0–30 are X0–X30, then the zero register, the flags and the stack pointer.</summary>
public static class Reg
{
    public const int Zero = 31;
    public const int Flags = 32;
    public const int Sp = 33;
    public const int None = -1;
    public const int Count = 34;

    public static string Name(int reg, bool wide = true) => reg switch
    {
        Zero => wide ? "XZR" : "WZR",
        Flags => "NZCV",
        Sp => wide ? "SP" : "WSP",
        _ => (wide ? "X" : "W") + reg,
    };
}

public enum Opcode
{
    Nop,
    MovImm,
    MovK,
    Alu,
    Csel,
    Load,
    Store,
    Rmw,
    Cas,
    Fence,
    Branch,
    BranchCond,
    BranchZero,
    ClearExclusive,

    /// <summary>
    /// Fails the run when register Rn is zero; Text holds what was asserted (C front-end), or for a check the C
    /// library makes (<see cref="Instr.Check"/> other than <see cref="CheckKind.Assertion"/>) what went wrong.
    /// </summary>
    Assert,

    /// <summary>Discards the run when register Rn is zero (<c>__VERIFIER_assume</c>).</summary>
    Assume,

    /// <summary>Starts thread template Imm with X0 = Rn; Rd receives the new thread's id (pthread_create).</summary>
    Spawn,

    /// <summary>Waits until the thread whose id is in Rn has finished (pthread_join).</summary>
    Join,

    /// <summary>TLB invalidation <see cref="Instr.Tlbi"/>; Rn holds the page (VA &gt;&gt; 12) for the by-address forms.</summary>
    Tlbi,

    /// <summary>Exception return: a fault handler resumes its thread at the address in ELR_EL1.</summary>
    Eret,

    /// <summary>Writes register Rn to system register <see cref="Instr.SystemRegister"/>.</summary>
    Msr,

    /// <summary>Reads system register <see cref="Instr.SystemRegister"/> into register Rd.</summary>
    Mrs,

    /// <summary>Rd = the address of the instruction at <see cref="Instr.Target"/> of thread <see cref="Instr.Imm"/> (a code label value).</summary>
    Adr,

    /// <summary>Rd = any value from Rn to Rm (inclusive): a nondeterministic choice every explorer branches over (<c>vrm_nondet_range</c>).</summary>
    Choose,

    /// <summary>Ends the whole program with status Rn: no thread takes another step (C's <c>exit</c>).</summary>
    Exit,

    /// <summary>Allocates the heap block at the address in Rn, of Rm bytes, for malloc call site Imm (<see cref="HeapInfo"/>).</summary>
    Malloc,

    /// <summary>Frees the heap block whose address is in Rn (nothing when Rn is 0).</summary>
    Free,

    /// <summary>
    /// A kernel annotation (<see cref="Instr.Annotation"/>) about the lock whose address is in Rn: it does nothing to
    /// the machine, and the SC explorer records it for the wDRF checks where the thread executes it.
    /// </summary>
    Annotate,

    /// <summary>
    /// Rd = an input of the thread's principal (<c>vrm_input</c>): a fixed value, which the noninterference check
    /// varies between two runs of one schedule to see whether another principal can tell.
    /// </summary>
    Input,
}

/// <summary>What a kernel annotation says: the CPU now holds the lock (SeKVM's <c>log_hold</c>), or gives it up.</summary>
/// <remarks>
/// For noninterference: <see cref="KernelEnter"/>/<see cref="KernelExit"/> bracket kernel code a thread runs on behalf
/// of its principal (a hypercall handler), whose loads are no observations of the principal; <see cref="Observe"/>
/// gives the principal the value in Rn (a hypercall's result).
/// For refinement: <see cref="OpBegin"/> (Imm: the operation, Rn and Rm its first two arguments) and <see cref="OpEnd"/>
/// (Rn: its result) bracket a call of an operation that has an atomic specification (<c>VRM_SPEC</c>).
/// </remarks>
public enum AnnotationKind { Hold, Release, KernelEnter, KernelExit, Observe, OpBegin, OpEnd, PrincipalEnds }

/// <summary>What a failing <see cref="Opcode.Assert"/> reports: the program's own assertion, or a misuse of the C library vrm models.</summary>
public enum CheckKind
{
    Assertion,

    /// <summary>A lock or barrier used against its rules (unlock by a thread that does not hold the mutex, use after destroy).</summary>
    Misuse,

    /// <summary>A call through a function pointer whose value is no function vrm knows.</summary>
    InvalidAccess,
}

/// <summary>The shareability domain of a barrier or a broadcast TLBI: full system, inner or outer shareable, or this PE only.</summary>
public enum ShareDomain { FullSystem, InnerShareable, OuterShareable, NonShareable }

/// <summary>What a TLBI invalidates (the letters before the exception level of its name).</summary>
public enum TlbiTarget
{
    /// <summary>ALL: every entry of the regime.</summary>
    All,

    /// <summary>VMALL: stage-1 entries of the current VMID.</summary>
    VmAll,

    /// <summary>VMALLS12: stage-1 and stage-2 entries of the current VMID.</summary>
    VmAllS12,

    /// <summary>ASID: entries of the ASID in the register.</summary>
    Asid,

    /// <summary>VA: entries of the page in the register, for its ASID.</summary>
    Va,

    /// <summary>VAA: entries of the page in the register, for every ASID.</summary>
    VaAllAsids,

    /// <summary>IPAS2: stage-2 entries of the intermediate physical page in the register.</summary>
    Ipa,
}

/// <summary>
/// A TLBI operation such as <c>VAAE1IS</c>: its target, the exception level of the regime, whether it only
/// invalidates last-level entries (<c>L</c>), and the domain it is broadcast to (<c>IS</c>, <c>OS</c>, or local).
/// </summary>
public readonly record struct TlbiOp(TlbiTarget Target, int El, bool LastLevel, ShareDomain Domain)
{
    public bool TakesAddress => Target is not (TlbiTarget.All or TlbiTarget.VmAll or TlbiTarget.VmAllS12);

    /// <summary>
    /// The stage a TLBI of <paramref name="target"/>, issued with <paramref name="vmid"/> in VTTBR_EL2, invalidates
    /// for a walk tagged <paramref name="walkVmid"/> (0: stage 1): stage-1 forms the stage-1 walks, IPAS2 the
    /// stage-2 walks of that VMID, VMALLS12 both, ALL everything.
    /// </summary>
    public static bool CoversStage(TlbiTarget target, int vmid, int walkVmid) => target switch
    {
        TlbiTarget.All => true,
        TlbiTarget.VmAllS12 => walkVmid == 0 || walkVmid == vmid,
        TlbiTarget.Ipa => walkVmid != 0 && walkVmid == vmid,
        _ => walkVmid == 0,
    };

    /// <summary>
    /// The ASID scope of a stage-1 TLBI issued for <paramref name="asid"/>: VAE1 and ASIDE1 reach a non-global
    /// entry (walked with <paramref name="walkAsid"/>) only of their ASID, VAE1 also every global one, ASIDE1
    /// none; the other forms every ASID.
    /// </summary>
    public static bool CoversAsid(TlbiTarget target, int asid, int walkAsid, bool global) => target switch
    {
        TlbiTarget.Va => global || walkAsid == asid,
        TlbiTarget.Asid => !global && walkAsid == asid,
        _ => true,
    };

    /// <summary>The page a by-address TLBI's register names (its low 44 bits), and the ASID in its bits 63:48.</summary>
    public static (long Page, int Asid) Operand(long register) => (register & 0xFFF_FFFF_FFFFL, (int)((ulong)register >> 48));
}

/// <summary>The system registers the VMSA tests' fault handlers use.</summary>
public enum SystemRegister { ElrEl1, EsrEl1, FarEl1, SpsrEl1, VbarEl1, Ttbr0El1, Ttbr1El1, VttbrEl2 }

/// <summary>
/// ALU operations. Clz, Rev and Cnt (CNT on a whole register, as a popcount) read only Rn; UMulH and SMulH are the high
/// 64 bits of the 128-bit product.
/// </summary>
public enum AluOp { Add, Sub, Eor, And, Orr, Bic, Lsl, Lsr, Asr, Mul, UDiv, SDiv, MSub, Sxtw, Uxtw, Clz, Rev, Cnt, UMulH, SMulH }

public enum ShiftKind { None, Lsl, Lsr, Asr, Ror, Sxtw, Uxtw, Sxtx, Uxtx }

public enum CondCode { Eq, Ne, Cs, Cc, Mi, Pl, Vs, Vc, Hi, Ls, Ge, Lt, Gt, Le, Al }

/// <summary>CSEL picks Rn or Rm; the other three modify the Rm choice (CSET is CSINC with inverted condition).</summary>
public enum CselKind { Csel, Csinc, Csinv, Csneg }

public enum RmwOp { Swp, Add, Clr, Set, Eor, SMax, SMin, UMax, UMin }

/// <summary>The barrier kinds the Arm model distinguishes (aarch64fences.cat): full, load and store DMB/DSB, and ISB.</summary>
public enum FenceKind { DmbFull, DmbLd, DmbSt, DsbFull, DsbLd, DsbSt, Isb }

/// <summary>Memory ordering annotations of one access, as the Arm model names them (A, Q, L, exclusive).</summary>
[Flags]
public enum AccessFlags
{
    None = 0,
    Acquire = 1,
    AcquirePC = 2,
    Release = 4,
    Exclusive = 8,
}

/// <summary>A second operand: a register, optionally shifted or extended, or an immediate.</summary>
public readonly record struct Operand2(int Reg, long Imm, ShiftKind Shift, int Amount)
{
    public static Operand2 Immediate(long value) => new(Programs.Reg.None, value, ShiftKind.None, 0);

    public static Operand2 Register(int reg, ShiftKind shift = ShiftKind.None, int amount = 0) => new(reg, 0, shift, amount);

    public bool IsImmediate => Reg == Programs.Reg.None;
}

/// <summary>The address of an access: base register plus a register or immediate offset.</summary>
public readonly record struct Address(int Base, Operand2 Offset, AddressWriteback Writeback = AddressWriteback.None, long WritebackImm = 0);

/// <summary>Pre-index <c>[Xn,#i]!</c> and post-index <c>[Xn],#i</c> forms update the base register.</summary>
public enum AddressWriteback { None, Pre, Post }

/// <summary>
/// One instruction of the thread IR. A flat record keeps the interpreter's dispatch cheap; each opcode
/// uses the fields its comment names and leaves the rest at their defaults.
/// </summary>
public sealed record Instr(Opcode Op, SourcePos Pos, string Text)
{
    /// <summary>Destination register (Alu, Mov, Csel, Load, the old value of Rmw/Cas, status of a store-exclusive).</summary>
    public int Rd { get; init; } = Reg.None;

    /// <summary>First source (Alu, Csel); data register of Store; Rs of Rmw (operand) and Cas (expected value).</summary>
    public int Rn { get; init; } = Reg.None;

    /// <summary>Second source (Csel); new value of Cas; third source of MSUB.</summary>
    public int Rm { get; init; } = Reg.None;

    public Operand2 Src2 { get; init; }

    public long Imm { get; init; }

    public bool Wide { get; init; } = true;

    /// <summary>Access size in bytes.</summary>
    public int Size { get; init; } = 8;

    public bool SetsFlags { get; init; }

    public AluOp Alu { get; init; }

    public CselKind Csel { get; init; }

    public CondCode Cond { get; init; }

    public RmwOp Rmw { get; init; }

    public FenceKind Fence { get; init; }

    /// <summary>The shareability domain of a DMB/DSB option (ISH, OSH, NSH; SY is the full system).</summary>
    public ShareDomain Domain { get; init; }

    public TlbiOp Tlbi { get; init; }

    public SystemRegister SystemRegister { get; init; }

    public AccessFlags Flags { get; init; }

    /// <summary>
    /// For a C cmpxchg: the acquire its read has when the exchange fails (C11's failure order), which happens-before
    /// follows; null when failing reads as <see cref="Flags"/> do. The Arm models keep <see cref="Flags"/>, since a
    /// CASA acquires whether or not it writes; a C program that waits on a relaxed failure still races.
    /// </summary>
    public AccessFlags? FailureFlags { get; init; }

    public Address Addr { get; init; }

    /// <summary>Branch target as an instruction index; the end of the thread is <c>Code.Length</c>.</summary>
    public int Target { get; init; } = -1;

    /// <summary>For BranchZero: branch when the register is non-zero (CBNZ) rather than zero (CBZ).</summary>
    public bool NonZero { get; init; }

    /// <summary>A backward branch of a spin loop whose iterations have no effect: an iteration that wrote nothing blocks the thread instead of looping.</summary>
    public bool Await { get; init; }

    /// <summary>
    /// A backward branch of a counted loop: whether it is taken depends only on the thread's own registers, not
    /// on anything it read in the loop, so the loop runs to completion rather than to the --unroll bound
    /// (explorers cap it at <see cref="Program.CountedLoopCap"/> iterations so that an endless one still ends).
    /// </summary>
    public bool Counted { get; init; }

    /// <summary>A plain (non-atomic) C access: two of them, or one and an atomic, race unless happens-before orders them.</summary>
    public bool NonAtomic { get; init; }

    /// <summary>The source file of <see cref="Pos"/> when it is not the program's own file (a header, for C).</summary>
    public string? SourceFile { get; init; }

    /// <summary>For <see cref="Opcode.Assert"/>: whose rule a failure breaks, the program's or the C library's.</summary>
    public CheckKind Check { get; init; }

    public AnnotationKind Annotation { get; init; }

    /// <summary>
    /// For a user/VM access (<c>vrm_user_load</c>, <c>vrm_user_store</c>): the index of the translation root in
    /// <see cref="KernelInfo.Roots"/> its address is translated through, by walking the tables the C code built; -1 otherwise.
    /// </summary>
    public int Root { get; init; } = -1;

    public bool IsMemory => Op is Opcode.Load or Opcode.Store or Opcode.Rmw or Opcode.Cas;

    public override string ToString() => Text;
}
