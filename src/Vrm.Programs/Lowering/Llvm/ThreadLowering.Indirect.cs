using Vrm.Syntax.Llvm;

namespace Vrm.Programs.Lowering.Llvm;

internal sealed partial class ThreadLowering
{
    /// <summary>
    /// A call through a function pointer: the pointer can only hold the address of a function the program takes
    /// the address of, so the call compares it with each such function whose type fits the call and runs an
    /// inlined copy of the one it equals. A value that is none of them fails as an invalid access.
    /// </summary>
    private void Indirect(CallInstr call, int result)
    {
        var candidates = module.AddressTaken().Where(f => !f.IsDeclaration && Fits(f, call)).ToList();
        if (candidates.Count == 0)
        {
            throw module.Error(call, "call through a function pointer, and no function of this file whose address is taken has the call's type", unsupported: true);
        }
        if (candidates.FirstOrDefault(f => callStack.Contains(f.Name)) is { } recursive)
        {
            throw module.Error(call, $"call through a function pointer that may reach '{recursive.Name}', which is being called: vrm inlines calls, so recursion is not supported", unsupported: true);
        }
        int target = Use(call.Callee);
        var args = call.Args.SelectMany(UseParts).ToArray();
        var done = new Label();
        foreach (var f in candidates)
        {
            int address = Use(new GlobalRef(f.Name));
            Alu(AluOp.Sub, Reg.Zero, target, Operand2.Register(address), flags: true);
            var next = new Label();
            Jump(Make(Opcode.BranchCond, $"call {f.Name}?") with { Cond = CondCode.Ne }, next);
            var exit = new Label();
            var saved = current;
            Inline(f, args, exit, result, call);
            current = saved;
            Place(exit);
            Jump(Make(Opcode.Branch, "b"), done);
            Place(next);
        }
        Check(Reg.Zero, "call through a function pointer that holds no function of this file", CheckKind.InvalidAccess);
        Place(done);
    }

    /// <summary>Whether <paramref name="f"/> can be the callee: as many parameters, each and the result of the same kind and size.</summary>
    private bool Fits(Function f, CallInstr call)
    {
        if (f.Params.Count != call.Args.Count || !SameKind(f.ReturnType, call.ReturnType))
        {
            return false;
        }
        for (int i = 0; i < f.Params.Count; i++)
        {
            if (!SameKind(f.Params[i].Type, call.Args[i].Type))
            {
                return false;
            }
        }
        return true;
    }

    private bool SameKind(LType a, LType b) => (module.Layout.Resolve(a), module.Layout.Resolve(b)) switch
    {
        (VoidType, VoidType) or (PtrType, PtrType) => true,
        (IntType x, IntType y) => x.Bits == y.Bits,
        var (x, y) => x == y,
    };
}
