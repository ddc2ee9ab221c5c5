using Vrm.Checks.Progress;
using Vrm.Explore;
using Vrm.Explore.Dpor;
using Vrm.Programs;

namespace Vrm.Checks.Security;

/// <summary>
/// Noninterference by exploration: for every complete SC execution the search finishes, the same schedule
/// (the same interleaving and nondeterministic choices) is run again with different secrets, and what the
/// principals observe is compared — SeKVM's confidentiality and integrity, made a check on every execution
/// rather than a proof. Secrets differ by their initial values (each cell XOR <see cref="SecretFlip"/>) and by
/// the principal's inputs (<c>vrm_input</c>, <see cref="KernelInfo.InputValue"/>).
/// </summary>
public sealed class Noninterference(Program program, DporOptions options) : ICheck
{
    public bool WatchesExecutions => true;

    /// <summary>How a secret cell's initial value changes in the second run: every bit flips, so a leak of any bit of it shows.</summary>
    public const long SecretFlip = -1;

    private readonly KernelInfo kernel = program.Kernel ?? new KernelInfo([], [], [], []);

    public ExecutionViolation? Violation { get; private set; }

    public bool Done => Violation is not null;

    /// <summary>Executions compared, and the second runs made for them.</summary>
    public long Executions { get; private set; }

    public long Reruns { get; private set; }

    private IEnumerable<int> Principals => PrincipalsOf(kernel);

    public void OnExecution(ExecutionView execution)
    {
        if (Violation is not null || !execution.Complete)
        {
            return;
        }
        Executions++;
        RecordChoices(execution);
        var schedule = execution.Trace.Select(s => new ReplayStep(s.Thread, s.Kind == StepKind.Choose ? s.Value : null)).ToList();
        var first = Observations(execution);
        var all = Principals.ToHashSet();
        // With two principals, "everyone but p" is the other one: integrity's run for p is confidentiality's for
        // the other, so each set of varied principals is run once per execution.
        var runs = new Dictionary<string, Run>();
        Run RunVarying(HashSet<int> varied)
        {
            string key = string.Join(",", varied.Order());
            return runs.TryGetValue(key, out var r) ? r : runs[key] = Rerun(schedule, varied, execution);
        }
        foreach (int p in all)
        {
            var secretRun = RunVarying([p]);
            if (secretRun.Diverged is { } divergence)
            {
                Violation = new ExecutionViolation("implicit flow", $"changing principal {p}'s secrets changes what runs: {divergence}", execution.Trace, secretRun.Step);
                return;
            }
            var second = Observations(secretRun.View!);
            foreach (int q in all.Where(q => q != p))
            {
                if (FirstDifference(first.GetValueOrDefault(q, []), second.GetValueOrDefault(q, [])) is var (a, b))
                {
                    Violation = new ExecutionViolation("confidentiality",
                        $"principal {q} observes {a.What} = {Format(a.Value)}, and {Format(b.Value)} when principal {p}'s secrets change: principal {p}'s secret reaches principal {q}{Carrier(execution, a)}",
                        execution.Trace, a.Step)
                    { At = a.Observe };
                    return;
                }
            }
            if (all.Count > 1 && kernel.Secrets.Any(s => s.Principal == p))
            {
                var othersRun = RunVarying([.. all.Where(q => q != p)]);
                if (othersRun.View is { } view && SecretChange(p, execution, view) is { } change)
                {
                    Violation = new ExecutionViolation("integrity", change, execution.Trace, -1);
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Per principal with secrets, per choice of the other principals (their vrm_nondet_range values outside kernel
    /// code, in order), how its secrets end (with its own choices, which it knows) and an execution that ends so.
    /// </summary>
    private readonly Dictionary<int, Dictionary<string, Dictionary<string, IReadOnlyList<TraceStep>>>> endsByChoice = [];

    /// <summary>
    /// Integrity against the others' choices, once every execution is in: rerunning a schedule changes the others'
    /// secrets and inputs but never their choices, so a host that picks which page a hypercall zeroes changes the
    /// VM's page the same way in both runs. Executions are grouped by the others' choices instead: each group must
    /// let the principal's secrets end exactly the same ways. Call it only when the search explored every execution.
    /// </summary>
    public void Finish()
    {
        if (Violation is not null)
        {
            return;
        }
        foreach (var (p, byChoice) in endsByChoice)
        {
            var cells = kernel.Secrets.Where(s => s.Principal == p).SelectMany(Cells).ToHashSet();
            // Of an end one choice reaches and another never does, name one where another principal's thread wrote
            // the secret: that is the execution showing the change, where the other shows the secret left alone.
            int ByOther(IReadOnlyList<TraceStep> trace)
            {
                for (int j = trace.Count - 1; j >= 0; j--)
                {
                    var w = trace[j];
                    if (cells.Contains(w.Loc) && !w.WalkOnly && w.Kind is StepKind.Write or StepKind.Update && kernel.PrincipalOf(w.Template) != p)
                    {
                        return j;
                    }
                }
                return -1;
            }
            ExecutionViolation? found = null;
            foreach (var (ka, a) in byChoice)
            {
                foreach (var (kb, b) in byChoice)
                {
                    foreach (var end in a.Keys.Except(b.Keys))
                    {
                        int step = ByOther(a[end]);
                        if (found is null || step >= 0)
                        {
                            found = new ExecutionViolation("integrity",
                                $"principal {p}'s secrets end with {end} when the other principals choose {ka}, and never when they choose {kb}: another principal's choice changes them",
                                a[end], step);
                        }
                        if (step >= 0)
                        {
                            Violation = found;
                            return;
                        }
                    }
                }
            }
            if (found is not null)
            {
                Violation = found;
                return;
            }
        }
    }

    private void RecordChoices(ExecutionView e)
    {
        if (Principals.Count() < 2)
        {
            return;
        }
        var inKernel = new HashSet<int>();
        var ended = new HashSet<long>(e.InitialMarks.Where(m => m.Instr.Annotation == AnnotationKind.PrincipalEnds).Select(m => m.Operand));
        var chosen = new List<(int Principal, int Thread, string What)>();
        for (int i = 0; i < e.Trace.Count; i++)
        {
            var s = e.Trace[i];
            if (s.Kind == StepKind.Choose && !inKernel.Contains(s.Thread) && kernel.PrincipalOf(s.Template) is var owner and >= 0)
            {
                chosen.Add((owner, s.Thread, $"{Format(s.Value)} at {Site(s.Instr)}"));
            }
            foreach (var m in s.Marks.Where(m => m.Instr.Op == Opcode.Annotate))
            {
                if (m.Instr.Annotation == AnnotationKind.KernelEnter)
                {
                    inKernel.Add(m.Thread);
                }
                else if (m.Instr.Annotation == AnnotationKind.KernelExit)
                {
                    inKernel.Remove(m.Thread);
                }
                else if (m.Instr.Annotation == AnnotationKind.PrincipalEnds)
                {
                    ended.Add(m.Operand);
                }
            }
        }
        // Per thread, in its program order: the interleaving must not make the same choices two keys.
        chosen = [.. chosen.OrderBy(c => c.Thread)];
        var final = e.Memory();
        // A principal the kernel ended (vrm_principal_ends) has no secrets left to keep: how they end is not compared.
        foreach (int p in kernel.Secrets.Select(s => s.Principal).Distinct().Where(p => !ended.Contains(p)))
        {
            string others = string.Join(", ", chosen.Where(c => c.Principal != p).Select(c => c.What));
            var mine = chosen.Where(c => c.Principal == p).Select(c => $"its choice {c.What}")
                .Concat(kernel.Secrets.Where(s => s.Principal == p).SelectMany(Cells).Select(loc => $"{program.Locations[loc]} = {Format(final[loc])}"));
            string end = string.Join(", ", mine);
            var byChoice = endsByChoice.TryGetValue(p, out var d) ? d : endsByChoice[p] = [];
            var ends = byChoice.TryGetValue(others, out var x) ? x : byChoice[others] = [];
            ends.TryAdd(end, [.. e.Trace]);
        }
    }

    /// <summary>The program with the secrets of <paramref name="varied"/> changed: each of their cells' initial values XOR <see cref="SecretFlip"/>.</summary>
    public static Program WithSecretsChanged(Program program, IReadOnlySet<int> varied)
    {
        var memory = (long[])program.InitMemory.Clone();
        foreach (var s in (program.Kernel?.Secrets ?? []).Where(s => varied.Contains(s.Principal)))
        {
            foreach (int loc in Cells(program, s))
            {
                memory[loc] ^= SecretFlip;
            }
        }
        return program with { InitMemory = memory };
    }

    /// <summary>The locations an object declared for a principal spans.</summary>
    public static IEnumerable<int> Cells(Program program, PrincipalMemory m) =>
        Enumerable.Range(0, program.Locations.Count).Where(loc => program.AddressOf(loc) >= m.Start && program.AddressOf(loc) < m.Start + m.Size);

    /// <summary>Every principal the program names: threads', secrets' and observables'.</summary>
    public static IEnumerable<int> PrincipalsOf(KernelInfo kernel) =>
        kernel.Principals.Where(p => p >= 0).Concat(kernel.Secrets.Select(s => s.Principal)).Concat(kernel.Observables.Select(o => o.Principal)).Distinct().Order();

    /// <summary>What a principal observed at a step: <paramref name="Loc"/> is the location whose value it is (a load, or an object at the end), -1 for vrm_observe.</summary>
    /// <remarks>An object's value at the end is observed at the last step, which may itself be the write that carried it.</remarks>
    private sealed record Observation(int Step, string What, long Value, int Loc = -1, bool AtEnd = false)
    {
        /// <summary>The vrm_observe that made the observation, when it is one.</summary>
        public Instr? Observe { get; init; }
    }

    private sealed record Run(ExecutionView? View, string? Diverged, int Step);

    private sealed class Capture : ICheck
    {
        public bool WatchesExecutions => true;

        public ExecutionView? View;

        public void OnExecution(ExecutionView execution) => View = execution;
    }

    /// <summary>The schedule again, with the secrets and inputs of <paramref name="varied"/> changed; where it parts from the first run.</summary>
    private Run Rerun(List<ReplayStep> schedule, HashSet<int> varied, ExecutionView first)
    {
        Reruns++;
        var capture = new Capture();
        CheckResult result;
        try
        {
            result = Replay.Run(WithSecretsChanged(program, varied), schedule, options with { Checks = [capture, .. StandardChecks.For(races: false)], VariedPrincipals = varied });
        }
        catch (ArgumentException e)
        {
            // Where the runs parted comes before the step that could not run: name it when the partial run shows it.
            if (capture.View is { } partial && Parting(first, partial) is { } parted)
            {
                return parted;
            }
            int step = StepOf(e.Message);
            return new Run(null, $"in the second run {e.Message}", step);
        }
        if (result.Violation is { } v)
        {
            return new Run(null, $"the second run fails where the first did not: {v.Message}", v.Trace.Count - 1);
        }
        if (capture.View is not { } view)
        {
            return new Run(null, "the second run does not finish with the schedule of the first", first.Trace.Count - 1);
        }
        return Parting(first, view) ?? new Run(view, null, -1);
    }

    /// <summary>The first step at which the second run executes another instruction or touches another location, if any.</summary>
    private Run? Parting(ExecutionView first, ExecutionView second)
    {
        for (int i = 0; i < Math.Min(first.Trace.Count, second.Trace.Count); i++)
        {
            var (a, b) = (first.Trace[i], second.Trace[i]);
            if (!ReferenceEquals(a.Instr, b.Instr) || a.Loc != b.Loc)
            {
                return new Run(null, $"step {i + 1} (T{a.Thread}) runs {Site(b.Instr)} '{b.Instr.Text}' on {Name(b.Loc)} instead of {Site(a.Instr)} '{a.Instr.Text}' on {Name(a.Loc)}: a secret decides control flow or an address", i);
            }
        }
        return null;
    }

    private static int StepOf(string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, @"step (\d+)");
        return m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1 : -1;
    }

    /// <summary>What each principal observes in one execution, in order: its loads outside kernel code, vrm_observe, its observable objects at the end.</summary>
    private Dictionary<int, List<Observation>> Observations(ExecutionView e)
    {
        var seen = new Dictionary<int, List<Observation>>();
        var templateOf = new Dictionary<int, int> { [0] = 0 };
        var inKernel = new HashSet<int>();
        void Add(int principal, Observation o)
        {
            if (principal < 0)
            {
                return;
            }
            if (!seen.TryGetValue(principal, out var list))
            {
                seen[principal] = list = [];
            }
            list.Add(o);
        }
        for (int i = 0; i < e.Trace.Count; i++)
        {
            var s = e.Trace[i];
            templateOf[s.Thread] = s.Template;
            if (s.Kind == StepKind.Spawn)
            {
                templateOf[s.Other] = (int)s.Instr.Imm;
            }
            if (!inKernel.Contains(s.Thread) && s.Loc >= 0 && !s.WalkOnly && s.Kind is StepKind.Read or StepKind.Update or StepKind.FailedUpdate)
            {
                Add(kernel.PrincipalOf(s.Template), new Observation(i, $"{Name(s.Loc)} (read by T{s.Thread} at {Site(s.Instr)})", s.Value, s.Loc));
            }
            foreach (var m in s.Marks)
            {
                if (m.Instr.Op != Opcode.Annotate)
                {
                    continue;
                }
                switch (m.Instr.Annotation)
                {
                    case AnnotationKind.KernelEnter:
                        inKernel.Add(m.Thread);
                        break;
                    case AnnotationKind.KernelExit:
                        inKernel.Remove(m.Thread);
                        break;
                    case AnnotationKind.Observe:
                        Add(kernel.PrincipalOf(templateOf.GetValueOrDefault(m.Thread)), new Observation(i, $"the value T{m.Thread} gets at {Site(m.Instr)}", m.Operand) { Observe = m.Instr });
                        break;
                }
            }
        }
        var final = e.Memory();
        foreach (var o in kernel.Observables)
        {
            foreach (int loc in Cells(o))
            {
                Add(o.Principal, new Observation(e.Trace.Count - 1, $"{program.Locations[loc]} at the end", final[loc], loc, AtEnd: true));
            }
        }
        return seen;
    }

    /// <summary>The first change of what a principal's secret objects hold at the end, as the others' secrets and inputs change.</summary>
    private string? SecretChange(int p, ExecutionView first, ExecutionView second)
    {
        var (a, b) = (first.Memory(), second.Memory());
        foreach (var s in kernel.Secrets.Where(s => s.Principal == p))
        {
            foreach (int loc in Cells(s))
            {
                if (a[loc] != b[loc])
                {
                    int writer = LastWriter(first, loc);
                    string by = writer >= 0 ? $"; the last write to it: T{first.Trace[writer].Thread} at {Site(first.Trace[writer].Instr)}" : "";
                    return $"principal {p}'s secret {program.Locations[loc]} ends {Format(a[loc])}, and {Format(b[loc])} when the other principals' secrets and inputs change: another principal changes it{by}";
                }
            }
        }
        return null;
    }

    private IEnumerable<int> Cells(PrincipalMemory m) => Cells(program, m);

    private static (Observation, Observation)? FirstDifference(List<Observation> a, List<Observation> b)
    {
        for (int i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            if (a[i].Value != b[i].Value)
            {
                return (a[i], b[i]);
            }
        }
        return null;
    }

    /// <summary>
    /// Where the observed value came from: the last write of its location before the observation, which carried the
    /// secret there. A value passed to vrm_observe has no location to follow.
    /// </summary>
    private string Carrier(ExecutionView e, Observation o)
    {
        if (o.Loc < 0)
        {
            return "";
        }
        for (int j = o.AtEnd ? o.Step : o.Step - 1; j >= 0; j--)
        {
            var w = e.Trace[j];
            if (w.Loc == o.Loc && !w.WalkOnly && w.Kind is StepKind.Write or StepKind.Update)
            {
                return $" (the value was written by T{w.Thread} at {Site(w.Instr)})";
            }
        }
        return $" ({Name(o.Loc)} holds it from the start)";
    }

    private static int LastWriter(ExecutionView e, int loc)
    {
        for (int j = e.Trace.Count - 1; j >= 0; j--)
        {
            if (e.Trace[j].Loc == loc && !e.Trace[j].WalkOnly && e.Trace[j].Kind is StepKind.Write or StepKind.Update)
            {
                return j;
            }
        }
        return -1;
    }

    private string Site(Instr ins) => $"{Path.GetFileName(ins.SourceFile ?? program.File)}:{ins.Pos.Line}";

    private string Name(int loc) => loc >= 0 ? program.Locations[loc] : "no location";

    internal static string Format(long v) => v is >= -9 and <= 9 ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"0x{v:x}";
}
