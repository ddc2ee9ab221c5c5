using Vrm.Programs;

namespace Vrm.Explore.Stepping;

/// <summary>How an access computes its address, for every explorer.</summary>
internal static class Addressing
{
    /// <summary>The access's virtual address with what it depends on, before any base-register writeback.</summary>
    public static (long Address, TDep Dep) Effective<TDep>(IRegisters<TDep> s, Instr ins)
    {
        long address = s.Get(ins.Addr.Base);
        var dep = s.Dep(ins.Addr.Base);
        var off = ins.Addr.Offset;
        if (off.IsImmediate)
        {
            address += off.Imm;
        }
        else
        {
            address += Alu.Operand(off, s.Get(off.Reg));
            dep = s.Join(dep, s.Dep(off.Reg));
        }
        return (address, dep);
    }

    /// <summary>
    /// The effective address, after writing the base register back: pre-indexed forms leave it at the address,
    /// post-indexed ones one increment past it.
    /// </summary>
    public static (long Address, TDep Dep) WithWriteback<TDep>(IRegisters<TDep> s, Instr ins)
    {
        var (address, dep) = Effective(s, ins);
        switch (ins.Addr.Writeback)
        {
            case AddressWriteback.Pre:
                s.Set(ins.Addr.Base, address, dep, wide: true);
                break;
            case AddressWriteback.Post:
                s.Set(ins.Addr.Base, address + ins.Addr.WritebackImm, dep, wide: true);
                break;
        }
        return (address, dep);
    }
}
