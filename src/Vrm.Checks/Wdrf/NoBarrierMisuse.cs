namespace Vrm.Checks.Wdrf;

/// <summary>
/// VRM's No-Barrier-Misuse condition on one execution: after a CPU takes a lock, a barrier comes before its
/// first access to the memory the lock protects (a full DMB or DSB, or the lock was taken by an acquire
/// access), and after its last such access a barrier comes before the releasing write (a full DMB or DSB,
/// or the releasing write is a release store). This is SeKVM's barrier automaton (log_hold needs a barrier
/// next; incr_now needs one before), which makes the critical section's accesses stay inside it on Arm.
/// </summary>
public static class NoBarrierMisuse
{
    public const string Name = "No-Barrier-Misuse";

    private sealed class Section
    {
        public bool Entered;          // a barrier (or the acquiring access) separates the hold from what follows
        public bool Unfenced;         // a protected access since the last full barrier
        public string HoldSite = "";
        public string LastAccess = "";
    }

    /// <remarks>
    /// A lock may be several words (a ticket lock's <c>next</c> and <c>now</c>), and the annotations name only its
    /// address, so the accesses that take and give it are found by their place in the lock's own memory (its size
    /// as VRM_PROTECTS records it): the acquiring access is the CPU's last read of that memory before its hold, the
    /// releasing write its first write to it after its release annotation. An acquire of other memory does not
    /// order the section after the lock's read, so it does not count; a full barrier after the acquiring read
    /// does, whether it comes before the hold annotation or after it. For a lock of unknown size, its last read
    /// and first write of anything stand in.
    /// </remarks>
    public static WdrfViolation? Check(IReadOnlyList<KernelEvent> events, Protections protections, Func<long, string>? name = null)
    {
        string N(long address) => name?.Invoke(address) ?? $"0x{address:x}";
        var sections = new Dictionary<(int Cpu, long Lock), Section>();
        // Per CPU and lock, whether its last read of the lock's memory is ordered before what follows (an acquire,
        // or a full barrier since); the key AnyMemory stands for its last read of anything.
        var ordered = new Dictionary<(int Cpu, long Lock), bool>();
        var releasing = new Dictionary<int, (long Lock, Section Section)>();
        long Key(long lockAddress) => protections.KnowsLockMemory(lockAddress) ? lockAddress : AnyMemory;
        for (int i = 0; i < events.Count; i++)
        {
            var e = events[i];
            switch (e.Kind)
            {
                case KernelEventKind.Hold:
                    sections[(e.Cpu, e.Address)] = new Section { Entered = ordered.GetValueOrDefault((e.Cpu, Key(e.Address))), HoldSite = e.Site };
                    break;
                case KernelEventKind.Release:
                    if (sections.TryGetValue((e.Cpu, e.Address), out var s))
                    {
                        releasing[e.Cpu] = (e.Address, s);
                    }
                    break;
                case KernelEventKind.Barrier when e.FullBarrier:
                    foreach (var ((cpu, _), open) in sections)
                    {
                        if (cpu == e.Cpu)
                        {
                            open.Entered = true;
                            open.Unfenced = false;
                        }
                    }
                    foreach (var key in ordered.Keys.Where(k => k.Cpu == e.Cpu).ToList())
                    {
                        ordered[key] = true;
                    }
                    break;
                case KernelEventKind.Read or KernelEventKind.Write when !e.User:
                    {
                        long? lockMemory = protections.LockMemoryAt(e.Address, e.Size);
                        if (e.Kind == KernelEventKind.Read)
                        {
                            ordered[(e.Cpu, AnyMemory)] = e.Acquire;
                            if (lockMemory is long readLock)
                            {
                                ordered[(e.Cpu, readLock)] = e.Acquire;
                            }
                        }
                        if (e.Kind == KernelEventKind.Write && releasing.TryGetValue(e.Cpu, out var r)
                            && (Key(r.Lock) == AnyMemory || lockMemory == r.Lock))
                        {
                            releasing.Remove(e.Cpu);
                            sections.Remove((e.Cpu, r.Lock));
                            if (r.Section.Unfenced && !e.ReleaseOrder)
                            {
                                return new WdrfViolation(Name, $"CPU {e.Cpu} releases lock {N(r.Lock)} at {e.Site} with no barrier after its access at {r.Section.LastAccess}: a full DMB/DSB, or a release store, must separate them", i);
                            }
                            break;
                        }
                        if (lockMemory is not null)
                        {
                            break;
                        }
                        if (protections.LockOf(e.Address, e.Size) is long lockAddress && sections.TryGetValue((e.Cpu, lockAddress), out var section))
                        {
                            if (!section.Entered)
                            {
                                return new WdrfViolation(Name, $"CPU {e.Cpu} accesses {N(e.Address)} at {e.Site} after taking lock {N(lockAddress)} at {section.HoldSite} with no barrier in between: a full DMB/DSB, or an acquire when taking the lock, must separate them", i);
                            }
                            section.Unfenced = true;
                            section.LastAccess = e.Site;
                        }
                        break;
                    }
            }
        }
        return null;
    }

    // No address: a key for "the last read of any memory" beside the per-lock keys.
    private const long AnyMemory = long.MinValue;
}
