using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// What <c>vrm check</c> says about input it cannot take, word for word: exit code 1, nothing on stdout, and
/// one <c>file(line,col): error: ...</c> on stderr naming the C line and the construct.
/// </summary>
public sealed class CheckErrorTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("vrm-check-errors-");

    public void Dispose() => dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs the check and returns stderr's first line, after asserting exit code 1 and an empty stdout.</summary>
    private static string InputError(params string[] args)
    {
        var r = CheckRun.Run(args);
        Assert.True(r.Code == 1 && r.Out.Length == 0, r.ToString());
        return r.Err.Split('\n')[0].TrimEnd('\r');
    }

    [Fact]
    public void CSyntaxErrorIsRewrittenToVrmForm()
    {
        var path = Write("syntax.c", "int main(void)\n{\n    int x = 1\n    return x;\n}\n");
        Assert.Equal($"{path}(3,14): error: expected ';' at end of declaration", InputError(path));
    }

    [Fact]
    public void FloatAccessIsUnsupported()
    {
        var path = Write("float.c", "double d = 1.5;\nint main(void)\n{\n    d = d * 3.0;\n    return 0;\n}\n");
        Assert.Equal($"{path}(4,9): error: access of type double: vrm models integer and pointer accesses only", InputError(path));
    }

    [Fact]
    public void FloatComputationIsUnsupported()
    {
        var path = Write("fcomp.c", "int x = 3;\nint main(void)\n{\n    float f = x;\n    f = f * 1.5f;\n    return (int)f == 4 ? 0 : 1;\n}\n");
        Assert.Equal($"{path}(4,15): error: unsupported LLVM instruction 'sitofp'", InputError(path));
    }

    [Fact]
    public void PrintfIsACallWithoutBody()
    {
        var path = Write("printf.c", "#include <stdio.h>\nint x = 1;\nint main(void)\n{\n    printf(\"%d\\n\", x);\n    return 0;\n}\n");
        Assert.Equal($"{path}(5,5): error: call to 'printf', which has no body: vrm inlines calls and models only the C library functions its README lists (pthread_*, malloc, calloc, free, exit, assert, __VERIFIER_*)",
            InputError(path));
    }

    [Fact]
    public void CallThroughFunctionPointerOfATypeNoFunctionHasIsUnsupported()
    {
        var path = Write("fptr.c", "int f(void) { return 1; }\nint (*fp)(int) = 0;\nint (*g)(void) = f;\nint main(void)\n{\n    return fp(1);\n}\n");
        Assert.Equal($"{path}(6,12): error: call through a function pointer, and no function of this file whose address is taken has the call's type", InputError(path));
    }

    [Fact]
    public void RecursionThroughAFunctionPointerIsUnsupported()
    {
        var path = Write("fptr-rec.c", "int n = 3;\nint down(int k);\nint (*fp)(int) = down;\nint down(int k)\n{\n    return k == 0 ? 0 : fp(k - 1);\n}\nint main(void)\n{\n    return down(n);\n}\n");
        Assert.Equal($"{path}(6,25): error: call through a function pointer that may reach 'down', which is being called: vrm inlines calls, so recursion is not supported", InputError(path));
    }

    [Fact]
    public void AJoinThatAsksForTheThreadsResultIsUnsupported()
    {
        // Before, *retval was left as it was: an assertion on it passed or failed whatever the thread returned.
        var path = Write("joinres.c", "#include <pthread.h>\nstatic void *t(void *p) { return (void *)5; }\nint main(void)\n{\n    pthread_t u; void *r = 0; pthread_create(&u, 0, t, 0); pthread_join(u, &r); return r == 0;\n}\n");
        Assert.StartsWith($"{path}(5,", InputError(path));
        Assert.Contains("error: pthread_join with a place for the thread's result", InputError(path));
    }

    [Fact]
    public void RecursionIsUnsupported()
    {
        var path = Write("rec.c", "int n = 5;\nint fact(int k)\n{\n    return k <= 1 ? 1 : k * fact(k - 1);\n}\nint main(void)\n{\n    return fact(n) == 120 ? 0 : 1;\n}\n");
        Assert.Equal($"{path}(4,29): error: recursive call of 'fact': vrm inlines calls, so recursion is not supported", InputError(path));
    }

    [Fact]
    public void MissingFile()
    {
        var path = Path.Combine(dir.FullName, "missing.c");
        Assert.Equal($"{path}: error: no such file", InputError(path));
    }

    [Fact]
    public void LlvmSyntaxError()
    {
        var path = Write("bad.ll", "define i32 @main() {\nentry:\n  %x = add i32 1,\n  ret i32 0\n}\n");
        Assert.Equal($"{path}(4,3): error: expected a value but found 'ret'", InputError(path));
    }

    [Theory]
    [InlineData("arm")]
    [InlineData("promising")]
    public void RelaxedModelsNeedMainQuietWhileThreadsRun(string model)
    {
        var path = Write("arm.c", """
            #include <pthread.h>
            int x, y;
            void *t(void *arg)
            {
                (void)arg;
                x = 1;
                return 0;
            }
            int main(void)
            {
                pthread_t a;
                pthread_create(&a, 0, t, 0);
                y = 1;
                pthread_join(a, 0);
                return 0;
            }

            """);
        Assert.Equal($"{path}(13,7): error: --model arm and promising need main to start its threads and join them with no shared access in between",
            InputError(path, "--model", model));
    }
}

/// <summary>Without clang on PATH, a C file is an input error that says what to install; run as a child process so PATH changes nothing else.</summary>
public class MissingClangTests
{
    [Fact]
    public void MissingClangIsAClearError()
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "/usr/bin/dotnet";
        string vrm = Path.Combine(AppContext.BaseDirectory, "vrm.dll");
        var start = new System.Diagnostics.ProcessStartInfo(dotnet, [vrm, "check", Repo.Examples("c", "mp-ok.c")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = "/nonexistent";
        using var p = System.Diagnostics.Process.Start(start)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(1, p.ExitCode);
        Assert.EndsWith("mp-ok.c: error: clang-14 not found on PATH: install it (Debian: apt-get install clang-14) or give vrm an .ll file", err.Trim());
    }
}
