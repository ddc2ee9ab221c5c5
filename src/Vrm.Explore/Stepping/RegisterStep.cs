using Vrm.Programs;

namespace Vrm.Explore.Stepping;

/// <summary>
/// Registers as the interpreters see them: values, and for each the dependency annotation an interpreter
/// tracks (the reads a value depends on, or a Promising view).
/// </summary>
internal interface IRegisters<TDep>
{
    long Get(int reg);

    TDep Dep(int reg);

    void Set(int reg, long value, TDep dep, bool wide);

    TDep Join(TDep a, TDep b);

    /// <summary>CSEL's result: the selected source's dependency, with the flags' as a pick dependency only.</summary>
    TDep Pick(TDep source, TDep flags);

    /// <summary>A conditional branch depends on this.</summary>
    void Control(TDep dep);
}

/// <summary>The system registers the page-table instructions use: ELR_EL1, and the VMID and ASID of VTTBR_EL2 and TTBR0_EL1.</summary>
internal interface ISystemRegisters
{
    long Elr { get; set; }

    int Vmid { get; set; }

    int Asid { get; set; }
}

/// <summary>The register-only instructions, shared by every interpreter of the thread IR.</summary>
internal static class RegisterStep
{
    /// <summary>Runs one register-only instruction; returns the branch target when it jumps, else -1.</summary>
    public static int Run<TDep>(IRegisters<TDep> s, Instr ins)
    {
        switch (ins.Op)
        {
            case Opcode.Nop:
            case Opcode.ClearExclusive:
            case Opcode.Annotate:
                return -1;
            case Opcode.MovImm:
                s.Set(ins.Rd, ins.Imm, s.Dep(Reg.Zero), ins.Wide);
                return -1;
            case Opcode.MovK:
                {
                    int shift = (int)ins.Src2.Imm;
                    long mask = 0xFFFFL << shift;
                    s.Set(ins.Rd, (s.Get(ins.Rd) & ~mask) | ((ins.Imm << shift) & mask), s.Dep(ins.Rd), ins.Wide);
                    return -1;
                }
            case Opcode.Alu:
                Compute(s, ins);
                return -1;
            case Opcode.Csel:
                {
                    bool holds = Alu.Holds(ins.Cond, s.Get(Reg.Flags));
                    int src = holds ? ins.Rn : ins.Rm;
                    long v = s.Get(src);
                    if (!holds)
                    {
                        v = ins.Csel switch { CselKind.Csinc => v + 1, CselKind.Csinv => ~v, CselKind.Csneg => -v, _ => v };
                    }
                    s.Set(ins.Rd, v, s.Pick(s.Dep(src), s.Dep(Reg.Flags)), ins.Wide);
                    return -1;
                }
            case Opcode.Branch:
                return ins.Target;
            case Opcode.BranchCond:
                s.Control(s.Dep(Reg.Flags));
                return Alu.Holds(ins.Cond, s.Get(Reg.Flags)) ? ins.Target : -1;
            case Opcode.BranchZero:
                {
                    s.Control(s.Dep(ins.Rn));
                    long v = s.Get(ins.Rn);
                    bool zero = (ins.Wide ? v : (uint)v) == 0;
                    return zero != ins.NonZero ? ins.Target : -1;
                }
            default:
                throw new InvalidOperationException($"unexpected {ins.Op}");
        }
    }

    /// <summary>
    /// MSR/MRS of ELR_EL1, TTBR0_EL1 (its ASID, bits 63:48) and VTTBR_EL2 (its VMID, bits 63:48; the table bases
    /// below them are not modelled; other system registers read as 0), and ADR of a code label.
    /// </summary>
    public static void System<TDep>(IRegisters<TDep> s, ISystemRegisters sys, Instr ins)
    {
        switch (ins.Op)
        {
            case Opcode.Msr when ins.SystemRegister == SystemRegister.ElrEl1:
                sys.Elr = s.Get(ins.Rn);
                break;
            case Opcode.Msr when ins.SystemRegister == SystemRegister.Ttbr0El1:
                sys.Asid = (int)((ulong)s.Get(ins.Rn) >> 48);
                break;
            case Opcode.Msr when ins.SystemRegister == SystemRegister.VttbrEl2:
                sys.Vmid = (int)((ulong)s.Get(ins.Rn) >> 48);
                break;
            case Opcode.Mrs:
                s.Set(ins.Rd, ins.SystemRegister == SystemRegister.ElrEl1 ? sys.Elr : 0, s.Dep(Reg.Zero), wide: true);
                break;
            case Opcode.Adr:
                s.Set(ins.Rd, Program.CodeAddress((int)ins.Imm, ins.Target), s.Dep(Reg.Zero), wide: true);
                break;
        }
    }

    private static void Compute<TDep>(IRegisters<TDep> s, Instr ins)
    {
        long a = s.Get(ins.Rn);
        long b = ins.Src2.IsImmediate ? ins.Src2.Imm : Alu.Operand(ins.Src2, s.Get(ins.Src2.Reg), ins.Wide);
        long c = ins.Rm >= 0 ? s.Get(ins.Rm) : 0;
        if (!ins.Wide)
        {
            a = (uint)a;
            b = (uint)b;
        }
        var dep = s.Join(s.Join(s.Dep(ins.Rn), s.Dep(ins.Src2.Reg)), s.Dep(ins.Rm));
        if (ins.SetsFlags)
        {
            var flagOp = ins.Alu is AluOp.Add or AluOp.Sub ? ins.Alu : AluOp.And;
            s.Set(Reg.Flags, Alu.Flags(flagOp, a, b, ins.Wide), dep, wide: true);
        }
        s.Set(ins.Rd, Alu.Compute(ins.Alu, a, b, c, ins.Wide), dep, ins.Wide);
    }
}
