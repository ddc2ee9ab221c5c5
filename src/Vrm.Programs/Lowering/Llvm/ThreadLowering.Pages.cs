using Vrm.Syntax.Llvm;

namespace Vrm.Programs.Lowering.Llvm;

/// <summary>What vrm.h's page-table helpers lower to: constant entry and physical addresses, and TLBIs.</summary>
internal sealed partial class ThreadLowering
{
    /// <summary>
    /// <c>vrm_pte_of(&amp;x)</c> is the address of x's entry (herd's PTE(x)) and <c>vrm_pa_of(&amp;x)</c> its physical
    /// address (PA(x)): constants of the layout, so the argument must be a constant address in a vrm_page variable.
    /// </summary>
    private void PageAddress(string name, CallInstr call, int result)
    {
        if (call.Args.Count != 1)
        {
            throw module.Error(call, $"{name} takes one argument, the address of a vrm_page variable");
        }
        var arg = call.Args[0].Value;
        if (arg is LocalRef)
        {
            throw module.Error(call, $"{name} needs the address of a vrm_page variable known at compile time, such as {name}(&x); this one is computed at run time", unsupported: true);
        }
        long va = module.Constant(arg);
        var page = module.PageAt(va)
            ?? throw module.Error(call, BaseGlobal(arg) is { } g
                ? $"{name}(&{g}): '{g}' is not a vrm_page variable; declare it with vrm_page (such as int {g} vrm_page;) to give it a page-table entry"
                : $"{name} of an address that is in no vrm_page variable; declare the variable with vrm_page (such as int x vrm_page;)");
        long value = name == "vrm_pte_of" ? page.PteAddress : page.PhysicalAddress + (va - page.VirtualAddress);
        if (result != Reg.None)
        {
            Emit(Make(Opcode.MovImm, name == "vrm_pte_of" ? $"PTE({page.Name})" : $"PA({page.Name})") with { Rd = result, Imm = value });
        }
    }

    /// <summary>The global a constant address points into, through casts and getelementptrs, or null.</summary>
    private static string? BaseGlobal(LValue v)
    {
        while (v is ConstExpr { Expr: CastInstr or GetElementPtrInstr } e)
        {
            v = e.Expr is CastInstr c ? c.Value.Value : ((GetElementPtrInstr)e.Expr).Base.Value;
        }
        return v is GlobalRef g ? g.Name : null;
    }

    /// <summary>A TLBI of a page-table program: the operation by its name, with the page number (VA &gt;&gt; 12) from the asm operand.</summary>
    private Instr Tlbi(string text, CallInstr call)
    {
        string op = text["tlbi ".Length..].Split(',')[0].Trim();
        var tlbi = LitmusLowering.ParseTlbi(op)
            ?? throw module.Error(call, $"unknown TLBI operation '{op}' (such as vaae1is, vae1is, vale1is, vmalle1is)", unsupported: true);
        if (!tlbi.TakesAddress)
        {
            return Make(Opcode.Tlbi, $"tlbi {op}") with { Tlbi = tlbi };
        }
        if (call.Args.Count == 0)
        {
            throw module.Error(call, $"'tlbi {op}' needs a register operand holding the page (VA >> 12)", unsupported: true);
        }
        return Make(Opcode.Tlbi, $"tlbi {op}") with { Tlbi = tlbi, Rn = Use(call.Args[0].Value, call.Args[0].Type) };
    }
}
