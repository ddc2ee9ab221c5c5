using Vrm.Explore;
using Vrm.Explore.Relaxed;
using Vrm.Explore.Results;
using Vrm.Programs;

namespace Vrm.Checks.Security;

/// <summary>What the check on a relaxed model found: a leak (its property and message), or nothing; incomplete runs decide nothing.</summary>
public sealed record ArmNoninterferenceResult(string? Property, string? Message, bool Complete, string? IncompleteReason, int Runs);

/// <summary>
/// Noninterference on a relaxed model (Promising-Arm, or the axiomatic Arm model), where no schedule can be
/// replayed: the check is possibilistic over final states. The threads after main's set-up run once as they
/// are and once per principal with its secrets and inputs changed; confidentiality holds when every other
/// principal can end with exactly the same observations either way, integrity when a principal's secrets can
/// end with exactly the same values whatever the others' secrets and inputs. A leak that only Arm's reordering
/// opens (a missing barrier) shows here and not under SC.
/// </summary>
/// <remarks>
/// What a principal observes here is what it holds at the end: its objects declared VRM_OBSERVABLE, and the
/// last value each of its load instructions and nondeterministic choices outside kernel code (and each
/// vrm_observe) gave its thread. SC's
/// check compares every load in order; a relaxed model has no order to compare, only outcomes.
/// </remarks>
public static class ArmNoninterference
{
    public static ArmNoninterferenceResult Run(Program c, IMemoryModel model, ExploreOptions options, CancellationToken cancel)
    {
        var kernel = c.Kernel!;
        var principals = Noninterference.PrincipalsOf(kernel).ToList();
        int runs = 0;
        var cache = new Dictionary<string, Outcomes>();
        Outcomes Explore(IReadOnlySet<int> varied)
        {
            string key = string.Join(",", varied.Order());
            if (!cache.TryGetValue(key, out var o))
            {
                runs++;
                var st = StaticThreads.From(Noninterference.WithSecretsChanged(c, varied), varied);
                var seen = Observed(c, st);
                var program = st.Program with { Observed = [.. st.Program.Observed.Union(seen.SelectMany(s => s.Value).Select(v => v.Observable))] };
                cache[key] = o = new Outcomes(model.Run(program, options, cancel), seen);
            }
            return o;
        }
        var plain = Explore(new HashSet<int>());
        if (plain.Incomplete is { } first)
        {
            return new ArmNoninterferenceResult(null, null, false, first, runs);
        }
        foreach (int p in principals)
        {
            var changed = Explore(new HashSet<int> { p });
            if (changed.Incomplete is { } why)
            {
                return new ArmNoninterferenceResult(null, null, false, why, runs);
            }
            foreach (int q in principals.Where(q => q != p))
            {
                if (Difference(plain, changed, plain.Seen.GetValueOrDefault(q, [])) is { } d)
                {
                    return new ArmNoninterferenceResult("confidentiality",
                        $"on {model.Name}, principal {q} can end {d.What}{d.When} principal {p}'s secrets change: principal {p}'s secret reaches principal {q}", true, null, runs);
                }
            }
            if (principals.Count > 1 && kernel.Secrets.Any(s => s.Principal == p))
            {
                var others = Explore(principals.Where(q => q != p).ToHashSet());
                if (others.Incomplete is { } why2)
                {
                    return new ArmNoninterferenceResult(null, null, false, why2, runs);
                }
                var secret = kernel.Secrets.Where(s => s.Principal == p).SelectMany(s => Noninterference.Cells(c, s))
                    .Select(loc => new Seen(Observable.Memory(loc), $"{c.Locations[loc]} at the end")).ToList();
                if (Difference(plain, others, secret) is { } d)
                {
                    return new ArmNoninterferenceResult("integrity",
                        $"on {model.Name}, principal {p}'s secrets can end {d.What}{d.When} the other principals' secrets and inputs change: another principal changes them", true, null, runs);
                }
                if (Ends(c))
                {
                    // Final states do not say which executions ended the principal, so its ends cannot be set apart.
                    return new ArmNoninterferenceResult(null, null, false, $"integrity against the other principals' choices is not decided on {model.Name} for a program with vrm_principal_ends (vrm check without --model decides it)", runs);
                }
                if (ChoiceDecides(plain, p, secret) is { } m)
                {
                    return new ArmNoninterferenceResult("integrity", $"on {model.Name}, {m}", true, null, runs);
                }
            }
        }
        return new ArmNoninterferenceResult(null, null, true, null, runs);
    }

    private static bool Ends(Program c) =>
        c.Threads.Any(t => t.Code.Any(i => i.Op == Opcode.Annotate && i.Annotation == AnnotationKind.PrincipalEnds));

    /// <param name="Choice">The principal's nondeterministic choice (a hypercall argument it picks), not a load.</param>
    private sealed record Seen(Observable Observable, string What, bool Choice = false);

    /// <summary>
    /// Integrity against the others' choices: changing their secrets and inputs changes only values, while a host
    /// that picks which page a hypercall zeroes changes a VM's page with a constant. Pooled over the host's choices
    /// the VM's page ends the same sets either way, so the outcomes are grouped by the others' choices: each group
    /// must let <paramref name="p"/>'s secrets (with p's own choices, which it knows) end exactly the same ways.
    /// </summary>
    private static string? ChoiceDecides(Outcomes plain, int p, List<Seen> secret)
    {
        var choices = plain.Seen.Where(kv => kv.Key != p).SelectMany(kv => kv.Value).Where(s => s.Choice).ToList();
        if (choices.Count == 0)
        {
            return null;
        }
        var own = plain.Seen.GetValueOrDefault(p, []).Where(s => s.Choice).Concat(secret).ToList();
        var at = choices.Select(s => plain.Result.IndexOfObserved(s.Observable)).ToArray();
        var mine = own.Select(s => plain.Result.IndexOfObserved(s.Observable)).ToArray();
        var groups = plain.Result.States.GroupBy(st => string.Join(",", at.Select(i => st.Values[i])))
            .Select(g => (Key: g.First(), Ends: g.Select(st => string.Join(",", mine.Select(i => st.Values[i]))).ToHashSet())).ToList();
        foreach (var a in groups)
        {
            foreach (var b in groups)
            {
                if (a.Ends.Except(b.Ends).FirstOrDefault() is not { } end)
                {
                    continue;
                }
                var values = end.Split(',').Select(v => long.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                string Chosen(FinalState st) => string.Join(", ", choices.Select((c, i) => $"{c.What} = {Noninterference.Format(st.Values[at[i]])}"));
                return $"principal {p}'s secrets can end with {string.Join(", ", own.Select((o, i) => $"{o.What} = {Noninterference.Format(values[i])}"))} " +
                    $"when {Chosen(a.Key)}, and never when {Chosen(b.Key)}: another principal's choice changes them";
            }
        }
        return null;
    }

    private sealed record Outcomes(ModelResult Result, Dictionary<int, List<Seen>> Seen)
    {
        public string? Incomplete => Result.Completion != Completion.Complete ? Result.IncompleteReason
            : Result.Cut ? "a loop bound cut some runs" : null;

        /// <summary>The final states projected on <paramref name="what"/>, each as the values in order.</summary>
        public HashSet<string> Project(List<Seen> what)
        {
            var at = what.Select(s => Result.IndexOfObserved(s.Observable)).ToArray();
            return Result.States.Select(st => string.Join(",", at.Select(i => st.Values[i]))).ToHashSet();
        }
    }

    private sealed record Contrast(string What, string When);

    /// <summary>An outcome of <paramref name="what"/> one run can end with and the other never does, in words.</summary>
    private static Contrast? Difference(Outcomes a, Outcomes b, List<Seen> what)
    {
        if (what.Count == 0)
        {
            return null;
        }
        var (pa, pb) = (a.Project(what), b.Project(what));
        if (pa.SetEquals(pb))
        {
            return null;
        }
        var (only, when) = pa.Except(pb).FirstOrDefault() is { } x ? (x, ", and never when") : (pb.Except(pa).First(), " only when");
        var values = only.Split(',');
        // An observation with one value in every outcome of both runs says nothing about the leak.
        var outcomes = pa.Concat(pb).Select(o => o.Split(',')).ToList();
        var telling = Enumerable.Range(0, what.Count).Where(i => outcomes.Any(o => o[i] != values[i])).ToList();
        return new Contrast("with " + string.Join(", ", telling.Select(i => $"{what[i].What} = {Noninterference.Format(long.Parse(values[i], System.Globalization.CultureInfo.InvariantCulture))}")), when);
    }

    /// <summary>Per principal, what it holds at the end on the static program: see the remarks on the class.</summary>
    private static Dictionary<int, List<Seen>> Observed(Program c, StaticThreads st)
    {
        var kernel = c.Kernel!;
        var seen = new Dictionary<int, List<Seen>>();
        void Add(int principal, Seen s)
        {
            if (principal >= 0)
            {
                (seen.TryGetValue(principal, out var l) ? l : seen[principal] = []).Add(s);
            }
        }
        for (int t = 0; t < st.Program.Threads.Count; t++)
        {
            int principal = kernel.PrincipalOf(st.Templates[t]);
            var code = c.Threads[st.Templates[t]].Code;
            // Kernel code is what lies between vrm_kernel_enter and vrm_kernel_exit in the code's order: the
            // handlers these annotations wrap are inlined straight-line calls.
            bool inKernel = false;
            var name = $"T{st.First + t}";
            for (int i = 0; i < code.Length; i++)
            {
                var ins = code[i];
                string site = $"{Path.GetFileName(ins.SourceFile ?? c.File)}:{ins.Pos.Line}";
                if (ins.Op == Opcode.Annotate)
                {
                    inKernel = ins.Annotation switch { AnnotationKind.KernelEnter => true, AnnotationKind.KernelExit => false, _ => inKernel };
                    if (ins.Annotation == AnnotationKind.Observe)
                    {
                        Add(principal, new Seen(Observable.Register(t, ins.Rn), $"the value {name} passes to vrm_observe at {site}"));
                    }
                }
                else if (!inKernel && ins.Rd >= 0 && ins.Op is Opcode.Load or Opcode.Rmw or Opcode.Cas)
                {
                    Add(principal, new Seen(Observable.Register(t, ins.Rd), $"the value {name} loads at {site}"));
                }
                else if (!inKernel && ins.Rd >= 0 && ins.Op == Opcode.Choose)
                {
                    // A principal knows what it chose (a hypercall's argument): without it, final observations pooled
                    // over its choices could hide that one choice's answer depends on another principal's secret.
                    Add(principal, new Seen(Observable.Register(t, ins.Rd), $"the value {name} chooses at {site}", Choice: true));
                }
            }
        }
        foreach (var o in kernel.Observables)
        {
            foreach (int loc in Noninterference.Cells(c, o))
            {
                Add(o.Principal, new Seen(Observable.Memory(loc), $"{c.Locations[loc]} at the end"));
            }
        }
        return seen;
    }
}
