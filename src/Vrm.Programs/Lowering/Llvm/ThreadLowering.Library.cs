using Vrm.Syntax.Llvm;

namespace Vrm.Programs.Lowering.Llvm;

/// <summary>
/// The C library functions vrm gives a meaning (include/libc declares them): threads, mutexes, barriers, the
/// heap, exit, and nondeterministic values. Each becomes thread-IR code with the accesses a real
/// implementation makes, so every explorer and model runs it unchanged, plus the checks that report misuse.
/// </summary>
internal sealed partial class ThreadLowering
{
    /// <summary>What a destroyed mutex's lock word holds: no owner token (a thread id + 1) and not 0.</summary>
    private const long DestroyedMutex = 0xFFFF_FFFFL;

    /// <summary>Lowers a call to a library function vrm models; false when <paramref name="name"/> is none.</summary>
    private bool Library(string name, CallInstr call, int result)
    {
        switch (name)
        {
            case "pthread_create":
                Spawn(call, result);
                return true;
            case "pthread_join":
                if (call.Args.Count > 1 && call.Args[1].Value is not (NullConst or ZeroInitConst))
                {
                    // The value a thread returns is not kept: giving *retval nothing would let a check on it pass or fail at random.
                    throw module.Error(call, "pthread_join with a place for the thread's result: vrm does not keep what a thread returns (pass 0, and return results through a variable)", unsupported: true);
                }
                Emit(Make(Opcode.Join, "pthread_join") with { Rn = Use(call.Args[0].Value, call.Args[0].Type) });
                SetResult(result);
                return true;
            case "pthread_exit":
                // Ends the thread as a return from its start function does (the value is not kept: joins ignore it).
                Jump(Make(Opcode.Branch, "pthread_exit"), end);
                return true;
            case "exit":
                Emit(Make(Opcode.Exit, "exit") with { Rn = Use(call.Args[0].Value, call.Args[0].Type) });
                Jump(Make(Opcode.Branch, "exit"), end);
                return true;
            case "pthread_mutex_lock":
                MutexLock(call);
                SetResult(result);
                return true;
            case "pthread_mutex_trylock":
                MutexTryLock(call, result);
                return true;
            case "pthread_mutex_unlock":
                MutexUnlock(call);
                SetResult(result);
                return true;
            case "pthread_mutex_destroy":
                MutexDestroy(call);
                SetResult(result);
                return true;
            case "pthread_mutex_init":
                Emit(Make(Opcode.Store, name) with { Rn = Reg.Zero, Addr = At(Arg(call, 0)), Size = 4, Wide = false });
                SetResult(result);
                return true;
            case "pthread_barrier_init":
                BarrierInit(call);
                SetResult(result);
                return true;
            case "pthread_barrier_wait":
                BarrierWait(call, result);
                return true;
            case "pthread_barrier_destroy":
                BarrierDestroy(call);
                SetResult(result);
                return true;
            case "malloc" or "calloc" or "aligned_alloc":
                Malloc(name, call, result);
                return true;
            case "free":
                Emit(Make(Opcode.Free, "free") with { Rn = Arg(call, 0) });
                return true;
            case "vrm_nondet_range":
                Choose(call, Arg(call, 0), Arg(call, 1), result);
                return true;
            case "vrm_hold" or "vrm_release":
                Emit(Make(Opcode.Annotate, name) with { Rn = Arg(call, 0), Annotation = name == "vrm_hold" ? AnnotationKind.Hold : AnnotationKind.Release });
                return true;
            case "vrm_kernel_enter" or "vrm_kernel_exit":
                Emit(Make(Opcode.Annotate, name) with { Rn = Reg.Zero, Annotation = name == "vrm_kernel_enter" ? AnnotationKind.KernelEnter : AnnotationKind.KernelExit });
                return true;
            case "vrm_observe":
                Emit(Make(Opcode.Annotate, name) with { Rn = Arg(call, 0), Annotation = AnnotationKind.Observe });
                return true;
            case "vrm_principal_ends":
                Emit(Make(Opcode.Annotate, name) with { Rn = Arg(call, 0), Annotation = AnnotationKind.PrincipalEnds });
                return true;
            case "vrm_input":
                {
                    int rd = result == Reg.None ? NewReg() : result;
                    Emit(Make(Opcode.Input, name) with { Rd = rd });
                    Mask(rd, Bits(call.ReturnType));
                    return true;
                }
            case "vrm_user_load" or "vrm_user_store":
                UserAccess(name, call, result);
                return true;
        }
        if (name.StartsWith("__VERIFIER_nondet_", StringComparison.Ordinal))
        {
            // Without a declared range, a nondeterministic value is 0 or 1 (README: vrm_nondet_range for more).
            Choose(call, Reg.Zero, Use(new IntConst(1)), result);
            return true;
        }
        return false;
    }

    private int Arg(CallInstr call, int i) => Use(call.Args[i].Value, call.Args[i].Type);

    /// <summary>
    /// A user/VM access through a translation root (vrm.h's data oracles): an 8-byte load or store at a virtual
    /// address, which the explorer translates by walking the tables the C code built from the root's table.
    /// </summary>
    private void UserAccess(string name, CallInstr call, int result)
    {
        var rootArg = call.Args[0].Value;
        if (rootArg is LocalRef)
        {
            throw module.Error(call, $"{name} needs a root table declared with VRM_ROOT, named directly (such as {name}(vm_pgd, ...)); this one is computed at run time", unsupported: true);
        }
        int root = module.RootAt(module.Constant(rootArg));
        if (root < 0)
        {
            throw module.Error(call, $"{name}: the first argument is no translation root: declare its table with VRM_ROOT");
        }
        int va = Arg(call, 1);
        if (name == "vrm_user_load")
        {
            int rd = result == Reg.None ? NewReg() : result;
            Emit(Make(Opcode.Load, name) with { Rd = rd, Addr = At(va), Size = 8, Root = root });
        }
        else
        {
            Emit(Make(Opcode.Store, name) with { Rn = Arg(call, 2), Addr = At(va), Size = 8, Root = root });
        }
    }

    /// <summary>
    /// A failure of the C library's rules when register <paramref name="ok"/> is 0: a branch around an assertion
    /// that always fails, the shape __assert_fail has, which every explorer and model takes.
    /// </summary>
    private void Check(int ok, string message, CheckKind kind = CheckKind.Misuse)
    {
        var fine = new Label();
        if (ok != Reg.Zero)
        {
            Jump(Make(Opcode.BranchZero, "cbnz") with { Rn = ok, NonZero = true }, fine);
        }
        Emit(Make(Opcode.Assert, message) with { Rn = Reg.Zero, Check = kind });
        Place(fine);
    }

    /// <summary>rd := a value from lo to hi, which every explorer branches over.</summary>
    private void Choose(CallInstr call, int lo, int hi, int result)
    {
        int rd = result == Reg.None ? NewReg() : result;
        Emit(Make(Opcode.Choose, call.Callee is GlobalRef g ? g.Name : "nondet") with { Rd = rd, Rn = lo, Rm = hi });
        Mask(rd, Bits(call.ReturnType));
    }

    // ---- mutexes ----

    /// <summary>
    /// The token a thread writes into a mutex it holds: its id + 1, from SP, which holds the thread's frame base
    /// (<see cref="Program.FrameBase"/>), so no two threads have the same token and none is 0.
    /// </summary>
    private int OwnerToken()
    {
        int token = NewReg();
        Alu(AluOp.Sub, token, Reg.Sp, Operand2.Immediate(Program.StackBase - Program.FrameStride));
        Alu(AluOp.Lsr, token, token, Operand2.Immediate(32));
        return token;
    }

    /// <summary>A mutex is its first word: 0 free, the owner's token while held. Lock is an await loop of CASA 0 → token.</summary>
    private void MutexLock(CallInstr call)
    {
        int addr = Arg(call, 0);
        int token = OwnerToken();
        var retry = new Label();
        Place(retry);
        int old = NewReg();
        Emit(Make(Opcode.Cas, "pthread_mutex_lock") with { Rd = old, Rn = Reg.Zero, Rm = token, Addr = At(addr), Size = 4, Wide = false, Flags = AccessFlags.Acquire });
        NotDestroyed(old, "pthread_mutex_lock");
        Jump(Make(Opcode.BranchZero, "pthread_mutex_lock") with { Rn = old, NonZero = true, Await = true }, retry);
        // The kernel annotations a lock implementation written in C would need, made here for the mutex.
        Emit(Make(Opcode.Annotate, "pthread_mutex_lock") with { Rn = addr, Annotation = AnnotationKind.Hold });
    }

    /// <summary>One CASA 0 → token: 0 when it took the mutex, EBUSY when another thread (or this one) holds it.</summary>
    private void MutexTryLock(CallInstr call, int result)
    {
        int addr = Arg(call, 0);
        int token = OwnerToken();
        int old = NewReg();
        Emit(Make(Opcode.Cas, "pthread_mutex_trylock") with { Rd = old, Rn = Reg.Zero, Rm = token, Addr = At(addr), Size = 4, Wide = false, Flags = AccessFlags.Acquire });
        NotDestroyed(old, "pthread_mutex_trylock");
        var busy = new Label();
        Jump(Make(Opcode.BranchZero, "pthread_mutex_trylock") with { Rn = old, NonZero = true }, busy);
        Emit(Make(Opcode.Annotate, "pthread_mutex_trylock") with { Rn = addr, Annotation = AnnotationKind.Hold });
        Place(busy);
        if (result != Reg.None)
        {
            const int ebusy = 16;
            Compare(result, old, Reg.Zero, CondCode.Ne);
            Alu(AluOp.Mul, result, result, Operand2.Register(Use(new IntConst(ebusy))));
        }
    }

    /// <summary>A release swap of 0: the value it replaces must be this thread's token.</summary>
    private void MutexUnlock(CallInstr call)
    {
        int addr = Arg(call, 0);
        int token = OwnerToken();
        int old = NewReg();
        Emit(Make(Opcode.Annotate, "pthread_mutex_unlock") with { Rn = addr, Annotation = AnnotationKind.Release });
        Emit(Make(Opcode.Rmw, "pthread_mutex_unlock") with { Rd = old, Rn = Reg.Zero, Rmw = RmwOp.Swp, Addr = At(addr), Size = 4, Wide = false, Flags = AccessFlags.Release });
        NotDestroyed(old, "pthread_mutex_unlock");
        int held = NewReg();
        Compare(held, old, token, CondCode.Eq);
        Check(held, "pthread_mutex_unlock of a mutex this thread does not hold");
    }

    /// <summary>Marks the mutex destroyed; destroying a held or destroyed mutex is misuse.</summary>
    private void MutexDestroy(CallInstr call)
    {
        int addr = Arg(call, 0);
        int old = NewReg();
        Emit(Make(Opcode.Rmw, "pthread_mutex_destroy") with { Rd = old, Rn = Use(new IntConst(DestroyedMutex)), Rmw = RmwOp.Swp, Addr = At(addr), Size = 4, Wide = false });
        NotDestroyed(old, "pthread_mutex_destroy");
        int free = NewReg();
        Compare(free, old, Reg.Zero, CondCode.Eq);
        Check(free, "pthread_mutex_destroy of a mutex that is held");
    }

    private void NotDestroyed(int old, string function)
    {
        int ok = NewReg();
        Compare(ok, old, Use(new IntConst(DestroyedMutex)), CondCode.Ne);
        Check(ok, $"{function} of a destroyed mutex (pthread_mutex_init makes it usable again)");
    }

    // ---- barriers ----

    /// <summary>pthread_barrier_t (include/libc/pthread.h): the state word (phase in bits 63:32, arrivals below) at 0, the count at 8.</summary>
    private const long BarrierCount = 8;

    /// <summary>Stores the count and an empty state; a count of 0 is misuse (POSIX's EINVAL).</summary>
    private void BarrierInit(CallInstr call)
    {
        int addr = Arg(call, 0);
        int count = Arg(call, 2);
        int ok = NewReg();
        Compare(ok, count, Reg.Zero, CondCode.Ne);
        Check(ok, "pthread_barrier_init with a count of 0");
        Emit(Make(Opcode.Store, "pthread_barrier_init") with { Rn = Reg.Zero, Addr = At(addr), Size = 8, NonAtomic = true });
        Emit(Make(Opcode.Store, "pthread_barrier_init") with { Rn = count, Addr = new Address(addr, Operand2.Immediate(BarrierCount)), Size = 4, Wide = false, NonAtomic = true });
    }

    /// <summary>
    /// Arrives with one CASAL on the state word, which either counts the thread in or, for the last of
    /// <c>count</c> threads, starts the next phase with no arrivals, so an arrival and the release of the others
    /// are one atomic step (a thread that arrives for the next phase cannot be counted in this one). The others
    /// wait with LDAR until the phase changes. The last thread returns PTHREAD_BARRIER_SERIAL_THREAD, the rest 0.
    /// The CAS chain is a release sequence the last thread acquires and the new phase is written by a release,
    /// so everything before the barrier in every thread happens before everything after it.
    /// </summary>
    private void BarrierWait(CallInstr call, int result)
    {
        int addr = Arg(call, 0);
        int count = NewReg();
        Emit(Make(Opcode.Load, "pthread_barrier_wait") with { Rd = count, Addr = new Address(addr, Operand2.Immediate(BarrierCount)), Size = 4, Wide = false, NonAtomic = true });
        var retry = new Label();
        Place(retry);
        int old = NewReg(), arrived = NewReg(), phase = NewReg(), last = NewReg(), next = NewReg(), counted = NewReg(), desired = NewReg();
        Emit(Make(Opcode.Load, "pthread_barrier_wait") with { Rd = old, Addr = At(addr), Size = 8 });
        Alu(AluOp.And, arrived, old, Operand2.Immediate(0xFFFF_FFFFL));
        Alu(AluOp.Lsr, phase, old, Operand2.Immediate(32));
        Alu(AluOp.Add, arrived, arrived, Operand2.Immediate(1));
        Compare(last, arrived, count, CondCode.Eq);
        Alu(AluOp.Add, next, phase, Operand2.Immediate(1));
        Alu(AluOp.Lsl, next, next, Operand2.Immediate(32));
        Alu(AluOp.Add, counted, old, Operand2.Immediate(1));
        Alu(AluOp.Sub, Reg.Zero, last, Operand2.Immediate(0), flags: true);
        Emit(Make(Opcode.Csel, "pthread_barrier_wait") with { Rd = desired, Rn = next, Rm = counted, Cond = CondCode.Ne });
        int seen = NewReg(), swapped = NewReg();
        Emit(Make(Opcode.Cas, "pthread_barrier_wait") with { Rd = seen, Rn = old, Rm = desired, Addr = At(addr), Size = 8, Flags = AccessFlags.Acquire | AccessFlags.Release });
        Compare(swapped, seen, old, CondCode.Eq);
        Jump(Make(Opcode.BranchZero, "pthread_barrier_wait") with { Rn = swapped, Await = true }, retry);
        var wait = new Label();
        var done = new Label();
        Jump(Make(Opcode.BranchZero, "pthread_barrier_wait") with { Rn = last }, wait);
        if (result != Reg.None)
        {
            Emit(Make(Opcode.MovImm, "PTHREAD_BARRIER_SERIAL_THREAD") with { Rd = result, Imm = 0xFFFF_FFFFL });
        }
        Jump(Make(Opcode.Branch, "pthread_barrier_wait"), done);
        Place(wait);
        int now = NewReg(), same = NewReg();
        Emit(Make(Opcode.Load, "pthread_barrier_wait") with { Rd = now, Addr = At(addr), Size = 8, Flags = AccessFlags.Acquire });
        Alu(AluOp.Lsr, now, now, Operand2.Immediate(32));
        Compare(same, now, phase, CondCode.Eq);
        Jump(Make(Opcode.BranchZero, "pthread_barrier_wait") with { Rn = same, NonZero = true, Await = true }, wait);
        SetResult(result);
        Place(done);
    }

    /// <summary>Destroying a barrier threads are waiting at is misuse.</summary>
    private void BarrierDestroy(CallInstr call)
    {
        int addr = Arg(call, 0);
        int state = NewReg(), idle = NewReg();
        Emit(Make(Opcode.Load, "pthread_barrier_destroy") with { Rd = state, Addr = At(addr), Size = 8 });
        Alu(AluOp.And, state, state, Operand2.Immediate(0xFFFF_FFFFL));
        Compare(idle, state, Reg.Zero, CondCode.Eq);
        Check(idle, "pthread_barrier_destroy of a barrier threads are waiting at");
    }

    // ---- the heap ----

    /// <summary>
    /// Hands out this call site's next block (<see cref="HeapInfo"/>): a per-site counter register counts the
    /// calls this thread made here, and the block is at SP + the site's region + counter × block stride. malloc
    /// never fails. Blocks start zeroed and are never reused, so calloc needs no stores.
    /// </summary>
    private void Malloc(string name, CallInstr call, int result)
    {
        int size;
        long? constant;
        switch (name)
        {
            case "calloc":
                size = NewReg();
                Alu(AluOp.Mul, size, Arg(call, 0), Operand2.Register(Arg(call, 1)));
                constant = call.Args[0].Value is IntConst { Value: var n } && call.Args[1].Value is IntConst { Value: var s } ? n * s : null;
                break;
            case "aligned_alloc":
                size = Arg(call, 1);
                constant = call.Args[1].Value is IntConst { Value: var a } ? a : null;
                break;
            default:
                size = Arg(call, 0);
                constant = call.Args[0].Value is IntConst { Value: var m } ? m : null;
                break;
        }
        var element = BlockElement(call, constant);
        long elementSize = Math.Max(1, module.Layout.SizeOf(element));
        long? count = constant is long bytes ? Math.Max(1, (bytes + elementSize - 1) / elementSize) : null;
        int site = module.HeapSite(template, frame.Function.Name, element, count, name, call);
        int counter = NewReg();
        int addr = NewReg(), offset = NewReg();
        Alu(AluOp.Add, addr, Reg.Sp, Operand2.Immediate(Program.HeapOffset + (site * Program.HeapSiteStride)));
        Alu(AluOp.Lsl, offset, counter, Operand2.Immediate(System.Numerics.BitOperations.Log2((ulong)Program.HeapBlockStride)));
        Alu(AluOp.Add, addr, addr, Operand2.Register(offset));
        Emit(Make(Opcode.Malloc, name) with { Rn = addr, Rm = size, Imm = site });
        Alu(AluOp.Add, counter, counter, Operand2.Immediate(1));
        if (result != Reg.None)
        {
            Mov(result, addr);
        }
    }

    /// <summary>
    /// The C type a block is used as: the pointee of the cast clang puts after the call (directly, or after the
    /// pointer went through a local); untyped blocks are 8-byte words, or bytes when the size is no multiple of 8.
    /// </summary>
    private LType BlockElement(CallInstr call, long? size)
    {
        var untyped = size is long n && n % 8 != 0 ? new IntType(8) : new IntType(64);
        if (call.Result is not { } result)
        {
            return untyped;
        }
        var instrs = frame.Function.Blocks.SelectMany(b => b.Instrs).ToList();
        var names = new List<string> { result };
        for (int i = 0; i < names.Count; i++)
        {
            foreach (var ins in instrs)
            {
                switch (ins)
                {
                    case CastInstr { Op: "bitcast", Value.Value: LocalRef r, To: PtrType { Pointee: { } p } } when r.Name == names[i] && p is not IntType { Bits: 8 }:
                        return p;
                    case StoreInstr { Value.Value: LocalRef v, Ptr.Value: LocalRef slot } when v.Name == names[i]:
                        // Through a local: the loads of that local are the pointer again.
                        names.AddRange(instrs.OfType<LoadInstr>().Where(l => l.Ptr.Value is LocalRef q && q.Name == slot.Name && l.Result is not null && !names.Contains(l.Result)).Select(l => l.Result!));
                        break;
                }
            }
        }
        return untyped;
    }
}
