using System.Globalization;
using System.Text;
using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// The property behind the C front-end: the shared accesses vrm explores are exactly the source's. Random
/// programs over globals of several widths and locals (straight-line code, branches and counted loops on
/// locals, reads whose value is never used, stores nobody reads) are generated together with the accesses C
/// says they make, in order and with their values; vrm's trace of the program's one execution (which ends in
/// a failing assertion, so that vrm prints it) must list the same reads and writes.
/// </summary>
public sealed class AccessFidelityPropertyTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("vrm-access-");

    public void Dispose() => dir.Delete(recursive: true);

    private static readonly (string Type, int Bits)[] GlobalTypes = [("int", 32), ("unsigned char", 8), ("long", 64), ("short", 16)];

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ExploredAccessesAreTheSourcesAccesses(int seed)
    {
        var program = new Generator(new Random(seed));
        string source = program.Source();
        var path = Path.Combine(dir.FullName, $"p{seed}.c");
        File.WriteAllText(path, source);
        var r = CheckRun.Run(path);
        Assert.True(r.Verdict == "assertion fails", $"{source}\n{r}");
        var explored = r.Out.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && char.IsDigit(l[0]))
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"\b(read|write) (g\d) = (-?\d+)"))
            .Where(m => m.Success)
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value} = {m.Groups[3].Value}")
            .ToList();
        Assert.True(program.Expected.SequenceEqual(explored),
            $"{source}\nexpected:\n  {string.Join("\n  ", program.Expected)}\nexplored:\n  {string.Join("\n  ", explored)}\n{r}");
    }

    /// <summary>Writes a random program and runs it in its head, recording each global access C makes.</summary>
    private sealed class Generator
    {
        private readonly Random random;
        private readonly StringBuilder body = new();
        private readonly long[] globals;
        private readonly long[] locals = new long[3];
        private readonly int[] bits;

        public List<string> Expected { get; } = [];

        public Generator(Random random)
        {
            this.random = random;
            int count = random.Next(2, 5);
            globals = new long[count];
            bits = [.. Enumerable.Range(0, count).Select(_ => GlobalTypes[random.Next(GlobalTypes.Length)].Bits)];
            for (int g = 0; g < count; g++)
            {
                globals[g] = random.Next(0, 3);
            }
            Block(depth: 0, statements: random.Next(4, 10));
        }

        public string Source()
        {
            var text = new StringBuilder("#include <assert.h>\n");
            for (int g = 0; g < globals.Length; g++)
            {
                string type = GlobalTypes.First(t => t.Bits == bits[g]).Type;
                text.Append(CultureInfo.InvariantCulture, $"{type} g{g} = {globals0[g]};\n");
            }
            text.Append("int main(void)\n{\n  int l0 = 1, l1 = 2, l2 = 3;\n");
            text.Append(body);
            text.Append("  assert(0);\n  return l0 + l1 + l2;\n}\n");
            return text.ToString();
        }

        private long[] globals0 = [];

        private void Block(int depth, int statements)
        {
            if (depth == 0)
            {
                globals0 = (long[])globals.Clone();
                locals[0] = 1;
                locals[1] = 2;
                locals[2] = 3;
            }
            string indent = new(' ', 2 * (depth + 1));
            for (int i = 0; i < statements; i++)
            {
                int g = random.Next(globals.Length), l = random.Next(3), k = random.Next(3);
                int c = random.Next(0, 50);
                switch (random.Next(depth < 2 ? 7 : 5))
                {
                    case 0:
                        body.Append(CultureInfo.InvariantCulture, $"{indent}g{g} = l{l} + {c};\n");
                        Write(g, locals[l] + c);
                        break;
                    case 1:
                        body.Append(CultureInfo.InvariantCulture, $"{indent}l{l} = g{g};\n");
                        locals[l] = Read(g);
                        break;
                    case 2:
                        // A read whose value nobody uses is still a read of the source.
                        body.Append(CultureInfo.InvariantCulture, $"{indent}{{ int unused = g{g}; (void)unused; }}\n");
                        Read(g);
                        break;
                    case 3:
                        body.Append(CultureInfo.InvariantCulture, $"{indent}l{l} = (l{k} * 3 + {c}) & 255;\n");
                        locals[l] = ((locals[k] * 3) + c) & 255;
                        break;
                    case 4:
                        // 42 or 0 only: a global LLVM would narrow to i1 keeps its real value.
                        body.Append(CultureInfo.InvariantCulture, $"{indent}g{g} = l{l} > {c} ? 42 : 0;\n");
                        Write(g, locals[l] > c ? 42 : 0);
                        break;
                    case 5:
                        {
                            body.Append(CultureInfo.InvariantCulture, $"{indent}if (l{l} > {c}) {{\n");
                            bool taken = locals[l] > c;
                            Nested(depth, taken);
                            body.Append(CultureInfo.InvariantCulture, $"{indent}}} else {{\n");
                            Nested(depth, !taken);
                            body.Append(CultureInfo.InvariantCulture, $"{indent}}}\n");
                            break;
                        }
                    default:
                        {
                            // A counted loop, longer than the default --unroll: it must run to completion.
                            int n = random.Next(0, 6);
                            body.Append(CultureInfo.InvariantCulture, $"{indent}for (int i{depth} = 0; i{depth} < {n}; i{depth}++) {{\n");
                            int start = body.Length;
                            var before = Expected.Count;
                            var saved = ((long[])globals.Clone(), (long[])locals.Clone());
                            Block(depth + 1, random.Next(1, 3));
                            string loopBody = body.ToString(start, body.Length - start);
                            // Run the body n times in the head: rewind and replay the generated text's effects.
                            Expected.RemoveRange(before, Expected.Count - before);
                            Array.Copy(saved.Item1, globals, globals.Length);
                            Array.Copy(saved.Item2, locals, locals.Length);
                            body.Length = start;
                            var replay = new Interpreter(this);
                            for (int it = 0; it < n; it++)
                            {
                                replay.Run(loopBody);
                            }
                            body.Append(loopBody);
                            body.Append(CultureInfo.InvariantCulture, $"{indent}}}\n");
                            break;
                        }
                }
            }
        }

        /// <summary>Only the branch that runs records its accesses; the other is generated with them discarded.</summary>
        private void Nested(int depth, bool runs)
        {
            var saved = ((long[])globals.Clone(), (long[])locals.Clone(), Expected.Count);
            Block(depth + 1, random.Next(1, 3));
            if (!runs)
            {
                Array.Copy(saved.Item1, globals, globals.Length);
                Array.Copy(saved.Item2, locals, locals.Length);
                Expected.RemoveRange(saved.Item3, Expected.Count - saved.Item3);
            }
        }

        private long Read(int g)
        {
            Expected.Add($"read g{g} = {globals[g]}");
            return globals[g];
        }

        private void Write(int g, long value)
        {
            long masked = bits[g] == 64 ? value : value & ((1L << bits[g]) - 1);
            if (bits[g] < 64 && bits[g] != 8 && (masked & (1L << (bits[g] - 1))) != 0)
            {
                masked -= 1L << bits[g];
            }
            globals[g] = masked;
            Expected.Add($"write g{g} = {masked}");
        }

        /// <summary>Re-runs generated loop-body text, statement by statement, on the generator's state.</summary>
        private sealed class Interpreter(Generator g)
        {
            public void Run(string text)
            {
                var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
                int at = 0;
                Exec(lines, ref at, run: true);
            }

            private void Exec(List<string> lines, ref int at, bool run)
            {
                while (at < lines.Count)
                {
                    string line = lines[at];
                    if (line.StartsWith('}'))
                    {
                        return;
                    }
                    at++;
                    var m = System.Text.RegularExpressions.Regex.Match(line, @"^if \(l(\d) > (\d+)\) \{$");
                    if (m.Success)
                    {
                        bool taken = g.locals[Int(m, 1)] > Int(m, 2);
                        Exec(lines, ref at, run && taken);
                        at++; // "} else {"
                        Exec(lines, ref at, run && !taken);
                        at++; // "}"
                        continue;
                    }
                    m = System.Text.RegularExpressions.Regex.Match(line, @"^for \(int i\d+ = 0; i\d+ < (\d+); i\d+\+\+\) \{$");
                    if (m.Success)
                    {
                        int n = Int(m, 1), start = at;
                        for (int it = 0; it < Math.Max(1, n); it++)
                        {
                            at = start;
                            Exec(lines, ref at, run && n > 0);
                        }
                        at++;
                        continue;
                    }
                    if (run)
                    {
                        Statement(line);
                    }
                }
            }

            private void Statement(string line)
            {
                Match(line, @"^g(\d) = l(\d) \+ (\d+);$", m => g.Write(Int(m, 1), g.locals[Int(m, 2)] + Int(m, 3)));
                Match(line, @"^l(\d) = g(\d);$", m => g.locals[Int(m, 1)] = g.Read(Int(m, 2)));
                Match(line, @"^\{ int unused = g(\d); \(void\)unused; \}$", m => g.Read(Int(m, 1)));
                Match(line, @"^l(\d) = \(l(\d) \* 3 \+ (\d+)\) & 255;$", m => g.locals[Int(m, 1)] = ((g.locals[Int(m, 2)] * 3) + Int(m, 3)) & 255);
                Match(line, @"^g(\d) = l(\d) > (\d+) \? 42 : 0;$", m => g.Write(Int(m, 1), g.locals[Int(m, 2)] > Int(m, 3) ? 42 : 0));
            }

            private static void Match(string line, string pattern, Action<System.Text.RegularExpressions.Match> act)
            {
                var m = System.Text.RegularExpressions.Regex.Match(line, pattern);
                if (m.Success)
                {
                    act(m);
                }
            }

            private static int Int(System.Text.RegularExpressions.Match m, int group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
        }
    }
}
