using System.Globalization;
using Vrm.Explore;

namespace Vrm.Bench;

/// <summary>
/// <c>vrm-bench corpus [DIR] [--jobs N] [--model sc|arm|promising|all] [--timeout S] [--skip FOLDER]... [--warmup] [--csv FILE]</c>: times every litmus test
/// below DIR in one process. <c>vrm-bench micro [BenchmarkDotNet options]</c>: micro-benchmarks of
/// <c>Explorer.Run</c> on a few corpus tests and of the LLVM IR reader. <c>vrm-bench c [FOLDER]</c> and <c>vrm-bench traces [FOLDER]</c>:
/// the C examples under SC, Arm and Promising, and DPOR against brute-force Mazurkiewicz trace counts (<see cref="CBench"/>).
/// <c>vrm-bench wdrf FILE|FOLDER...</c> and <c>vrm-bench checks FILE|FOLDER...</c>: the searches of vrm wdrf and of vrm check's
/// execution checks against Promising and against the plain search (<see cref="CapabilityBench"/>).
/// </summary>
public static class Program
{
    private const string Usage =
        "usage: vrm-bench corpus [DIR] [--jobs N] [--model sc|arm|promising|all] [--timeout S] [--skip FOLDER]... [--warmup] [--csv FILE]\n" +
        "       vrm-bench micro [DIR] [BenchmarkDotNet options, e.g. --filter '*MP*']\n" +
        "       vrm-bench c [FOLDER] [--timeout S] [--runs N]\n" +
        "       vrm-bench traces [FOLDER] [--max-interleavings N] [--timeout S]\n" +
        "       vrm-bench wdrf FILE|FOLDER... [--runs N] [--timeout S] [--steps N] [--max-memory GB] [-- clang flags]\n" +
        "       vrm-bench checks FILE|FOLDER... [--runs N] [-- clang flags]\n" +
        "       vrm-bench fuzz --vrm PATH [--seed N] [--litmus N] [--c N] [--timeout S] [--margin S] [--jobs N] [--keep DIR]";

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 1 : 0;
        }
        try
        {
            return args[0] switch
            {
                "corpus" => RunCorpus(args[1..]),
                "micro" => RunMicro(args[1..]),
                "c" => RunC(args[1..], traces: false),
                "traces" => RunC(args[1..], traces: true),
                "wdrf" or "checks" => RunCapability(args[0], args[1..]),
                "fuzz" => RunFuzz(args[1..]),
                _ => Fail($"unknown mode '{args[0]}'"),
            };
        }
        catch (ArgumentException e)
        {
            return Fail(e.Message);
        }
    }

    private static int RunFuzz(string[] args)
    {
        var o = new FuzzOptions("", Seed: 13, Litmus: 2500, C: 150, Timeout: 0.5, Margin: 1.5, Jobs: Environment.ProcessorCount, Keep: null);
        for (int i = 0; i < args.Length; i++)
        {
            o = args[i] switch
            {
                "--vrm" => o with { Vrm = Value(args, ref i) },
                "--seed" => o with { Seed = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture) },
                "--litmus" => o with { Litmus = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture) },
                "--c" => o with { C = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture) },
                "--timeout" => o with { Timeout = double.Parse(Value(args, ref i), CultureInfo.InvariantCulture) },
                "--margin" => o with { Margin = double.Parse(Value(args, ref i), CultureInfo.InvariantCulture) },
                "--jobs" or "-j" => o with { Jobs = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture) },
                "--keep" => o with { Keep = Value(args, ref i) },
                _ => throw new ArgumentException($"unexpected argument '{args[i]}'"),
            };
        }
        if (o.Vrm.Length == 0 || !File.Exists(o.Vrm))
        {
            throw new ArgumentException("fuzz needs --vrm PATH, the vrm executable to run (the native build: bin/native/vrm)");
        }
        return Fuzzer.Run(o);
    }

    private static int RunCorpus(string[] args)
    {
        string? dir = null;
        int jobs = Environment.ProcessorCount;
        string model = "arm";
        double timeout = 60;
        string? csv = null;
        bool warmup = false;
        var skip = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--jobs" or "-j":
                    jobs = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
                    break;
                case "--model":
                    model = Value(args, ref i);
                    break;
                case "--timeout":
                    timeout = double.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
                    break;
                case "--skip":
                    skip.Add(Value(args, ref i).TrimEnd('/'));
                    break;
                case "--warmup":
                    warmup = true;
                    break;
                case "--csv":
                    csv = Value(args, ref i);
                    break;
                default:
                    if (args[i].StartsWith('-') || dir is not null)
                    {
                        throw new ArgumentException($"unexpected argument '{args[i]}'");
                    }
                    dir = args[i];
                    break;
            }
        }
        if (model != "all" && !MemoryModels.Names.Contains(model))
        {
            throw new ArgumentException($"unknown model '{model}' ({string.Join(", ", MemoryModels.Names)} or all)");
        }
        if (jobs < 1 || timeout <= 0)
        {
            throw new ArgumentException("--jobs and --timeout must be positive");
        }
        dir ??= Paths.DefaultCorpus;
        if (!Directory.Exists(dir))
        {
            Console.Error.WriteLine($"{dir}: error: no such folder");
            return 1;
        }
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var report = CorpusBench.Run(dir, skip, model, jobs, timeout, warmup, cancel.Token);
        report.Print(Console.Out);
        if (csv is not null)
        {
            report.WriteCsv(csv);
            Console.WriteLine($"per-test times written to {csv}");
        }
        return 0;
    }

    /// <summary><c>c</c>: the C programs under SC, Arm and Promising; <c>traces</c>: DPOR against brute-force Mazurkiewicz trace counts.</summary>
    private static int RunC(string[] args, bool traces)
    {
        string? dir = null;
        double timeout = traces ? 120 : 60;
        int runs = 3;
        long maxInterleavings = 2_000_000;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--timeout":
                    timeout = double.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
                    break;
                case "--runs" when !traces:
                    runs = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
                    break;
                case "--max-interleavings" when traces:
                    maxInterleavings = long.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
                    break;
                default:
                    if (args[i].StartsWith('-') || dir is not null)
                    {
                        throw new ArgumentException($"unexpected argument '{args[i]}'");
                    }
                    dir = args[i];
                    break;
            }
        }
        if (timeout <= 0 || runs < 1 || maxInterleavings < 1)
        {
            throw new ArgumentException("--timeout, --runs and --max-interleavings must be positive");
        }
        dir ??= CBench.DefaultFolder;
        if (!Directory.Exists(dir))
        {
            Console.Error.WriteLine($"{dir}: error: no such folder");
            return 1;
        }
        return traces ? CBench.RunTraces(dir, maxInterleavings, timeout) : CBench.RunTimes(dir, timeout, runs);
    }

    /// <summary><c>wdrf</c> and <c>checks</c>: see <see cref="CapabilityBench"/>.</summary>
    private static int RunCapability(string mode, string[] args)
    {
        var inputs = new List<string>();
        string[] flags = [];
        int dashes = Array.IndexOf(args, "--");
        if (dashes >= 0)
        {
            flags = args[(dashes + 1)..];
            args = args[..dashes];
        }
        double timeout = 120;
        long steps = CapabilityBench.DefaultSteps;
        double maxMemoryGb = CapabilityBench.DefaultMaxMemoryGb;
        int runs = mode == "wdrf" ? 3 : 11;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--timeout" when mode == "wdrf":
                    timeout = double.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
                    break;
                case "--steps" when mode == "wdrf":
                    steps = long.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
                    break;
                case "--max-memory" when mode == "wdrf":
                    maxMemoryGb = double.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
                    break;
                case "--runs":
                    runs = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
                    break;
                default:
                    if (args[i].StartsWith('-'))
                    {
                        throw new ArgumentException($"unexpected argument '{args[i]}'");
                    }
                    inputs.Add(args[i]);
                    break;
            }
        }
        if (timeout <= 0 || runs < 1 || steps < 1 || maxMemoryGb <= 0 || inputs.Count == 0)
        {
            throw new ArgumentException($"{mode} needs files or folders, and --timeout, --runs, --steps and --max-memory must be positive");
        }
        if (inputs.FirstOrDefault(i => !File.Exists(i) && !Directory.Exists(i)) is { } missing)
        {
            Console.Error.WriteLine($"{missing}: error: no such file or folder");
            return 1;
        }
        var files = CapabilityBench.Expand(inputs);
        return mode == "wdrf" ? CapabilityBench.RunWdrf(files, flags, new CapabilityBench.PromisingBounds(timeout, steps, (long)(maxMemoryGb * (1L << 30))), runs) : CapabilityBench.RunChecks(files, flags, runs);
    }

    private static int RunMicro(string[] args)
    {
        string? dir = null;
        if (args.Length > 0 && !args[0].StartsWith('-'))
        {
            dir = args[0];
            args = args[1..];
        }
        dir ??= Paths.DefaultCorpus;
        var missing = ExplorerBenchmarks.Tests.Where(t => !File.Exists(Path.Combine(dir, t))).ToList();
        if (missing.Count > 0)
        {
            Console.WriteLine($"micro: the litmus corpus is not available at {Path.GetFullPath(dir)} (missing {string.Join(", ", missing)}); only the LLVM reader is benchmarked.");
            return ExplorerBenchmarks.RunAll(null, args);
        }
        return ExplorerBenchmarks.RunAll(dir, args);
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length)
        {
            throw new ArgumentException($"{args[i]} needs a value");
        }
        return args[++i];
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"vrm-bench: error: {message}");
        Console.Error.WriteLine(Usage);
        return 1;
    }
}
