using Vrm.Checks;
using Vrm.Explore;
using Vrm.Explore.Results;
using Vrm.Programs.Lowering;
using Vrm.Syntax;
using Vrm.Syntax.Litmus;

namespace Vrm.Report;

/// <summary>The outcome of one test file: results per model, or the error that stopped it.</summary>
public sealed record TestOutcome(string File, string Name, IReadOnlyList<ModelResult> Results, string? Error, bool Unsupported)
{
    /// <summary>A bug in vrm stopped this test (exit code 3); the other tests of a folder run still ran.</summary>
    public bool Internal { get; init; }

    /// <summary>With several models, those that refused the test (SC on a page-table test), with the reason.</summary>
    public IReadOnlyDictionary<string, string> Refused { get; init; } = new Dictionary<string, string>();
}

/// <summary>Reads, lowers and explores litmus files, several at once; the results keep the input order.</summary>
public static class TestRunner
{
    public static IReadOnlyList<string> ModelNames(string option) => option == "all" ? MemoryModels.Names : [option];

    /// <summary>Litmus files named directly, and those found below named folders (see <see cref="InputFiles.Expand"/>).</summary>
    public static InputFiles.Expansion Expand(IEnumerable<string> paths) => InputFiles.Expand(paths, ".litmus");

    /// <param name="variants">herd's -variant options (<c>vrm litmus --variant</c>, a corpus folder's), added to those the test declares.</param>
    public static TestOutcome RunFile(string file, IReadOnlyList<string> models, ExploreOptions options, CancellationToken cancel, Variant variants = Variant.None)
    {
        // herd's flags (break-before-make) are part of every litmus run's answer.
        options = options.Checks.Count > 0 ? options : options with { Checks = StandardChecks.For() };
        string name = Path.GetFileNameWithoutExtension(file);
        var unsupported = Variants.Unsupported(variants, declared: false);
        try
        {
            var test = LitmusParser.Parse(file, InputFiles.ReadText(file));
            name = test.Name;
            if (unsupported is not null)
            {
                return new TestOutcome(file, name, [], $"{file}: error: unsupported: {unsupported}", true);
            }
            var program = LitmusLowering.Lower(test, variants);
            var results = new List<ModelResult>();
            var refused = new Dictionary<string, string>();
            foreach (var m in models)
            {
                try
                {
                    results.Add(MemoryModels.Get(m).Run(program, options, cancel));
                }
                catch (NotSupportedException e) when (models.Count > 1)
                {
                    // Side by side, one model's refusal does not hide the others' verdicts.
                    refused[m] = e.Message;
                }
            }
            return results.Count == 0
                ? new TestOutcome(file, name, [], $"{file}: error: unsupported: {refused.Values.First()}", true)
                : new TestOutcome(file, name, results, null, false) { Refused = refused };
        }
        catch (DiagnosticException e)
        {
            // Run with a variant vrm does not model, a test is unsupported before anything else is wrong with it.
            return unsupported is not null
                ? new TestOutcome(file, name, [], $"{file}: error: unsupported: {unsupported}", true)
                : new TestOutcome(file, name, [], e.Diagnostic.ToString(), e.Unsupported);
        }
        catch (NotSupportedException e)
        {
            return new TestOutcome(file, name, [], $"{file}: error: unsupported: {e.Message}", true);
        }
        catch (InputFileException e)
        {
            return new TestOutcome(file, name, [], e.Message, false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new TestOutcome(file, name, [], $"{file}: internal error: {e.GetType().Name}: {e.Message}", false) { Internal = true };
        }
    }

    /// <summary>
    /// Runs files on <paramref name="jobs"/> workers; <paramref name="done"/> sees each outcome as it finishes.
    /// When <paramref name="cancel"/> fires (Ctrl-C) the tests not finished are null: the others are kept, to print.
    /// </summary>
    public static TestOutcome?[] RunAll(IReadOnlyList<string> files, IReadOnlyList<string> models, ExploreOptions options, int jobs, Action<TestOutcome>? done, CancellationToken cancel, Variant variants = Variant.None)
    {
        var outcomes = new TestOutcome?[files.Count];
        // One file gets the workers inside its search (Promising); many files get one worker each.
        if (files.Count == 1)
        {
            options = options with { Workers = Math.Max(1, jobs) };
        }
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) }, i =>
        {
            if (cancel.IsCancellationRequested)
            {
                return;
            }
            try
            {
                outcomes[i] = RunFile(files[i], models, options, cancel, variants);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                return;
            }
            done?.Invoke(outcomes[i]!);
        });
        return outcomes;
    }
}
