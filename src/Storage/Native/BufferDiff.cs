using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace Saver.Storage.Native;

/// <summary>
/// Runs libgit2's <c>git_diff_buffers</c> on two byte buffers with the options Saver's diffs
/// share with <c>git diff --ignore-space-at-eol</c>: whitespace at end of line (the final
/// newline included) is ignored and git's default indent heuristic places the hunks.
/// </summary>
/// <remarks>
/// The callbacks are static <see cref="UnmanagedCallersOnlyAttribute"/> methods, so there
/// are no delegates for the GC to collect mid-call; the sink travels as a GCHandle payload.
/// No exception crosses into native code: a callback that fails records the exception,
/// returns -1 so libgit2 stops, and the exception is rethrown here afterwards.
/// </remarks>
internal static unsafe class BufferDiff
{
    /// <summary>Context wider than any diffable buffer, so each file is one hunk of full context.</summary>
    public const uint FullContext = 1u << 30;

    /// <summary>Diffs <paramref name="oldBytes"/> against <paramref name="newBytes"/>, reporting to <paramref name="sink"/>.</summary>
    public static void Run(ReadOnlySpan<byte> oldBytes, ReadOnlySpan<byte> newBytes, uint contextLines, IBufferDiffSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);

        GitDiffOptions options;
        var initResult = LibGit2.DiffOptionsInit(&options, GitDiffOptions.CurrentVersion);
        if (initResult < 0) throw Failure("git_diff_options_init", initResult);
        options.Flags |= GitDiffOptions.IgnoreWhitespaceEol | GitDiffOptions.IndentHeuristic;
        options.ContextLines = contextLines;

        var payload = new CallbackPayload(sink);
        var handle = GCHandle.Alloc(payload);
        int result;
        try
        {
            // A NULL buffer tells libgit2 the side is absent rather than empty; an empty
            // span pins to NULL, so point empty sides at a byte that is never read.
            byte nothing = 0;
            fixed (byte* oldPinned = oldBytes)
            fixed (byte* newPinned = newBytes)
            {
                result = LibGit2.DiffBuffers(
                    oldPinned != null ? oldPinned : &nothing, (nuint)oldBytes.Length, null,
                    newPinned != null ? newPinned : &nothing, (nuint)newBytes.Length, null,
                    &options,
                    &OnFile, 0, &OnHunk, &OnLine,
                    GCHandle.ToIntPtr(handle));
            }
        }
        finally
        {
            handle.Free();
        }

        payload.Failure?.Throw();
        if (result < 0) throw Failure("git_diff_buffers", result);
    }

    private static SaverException Failure(string function, int result) =>
        new($"libgit2 {function} failed ({result}): {LibGit2.LastErrorMessage()}");

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnFile(GitDiffDelta* delta, float progress, nint payload)
    {
        CallbackPayload? state = null;
        try
        {
            state = CallbackPayload.From(payload);
            state.Sink.OnFile((delta->Flags & GitDiffDelta.FlagBinary) != 0);
            return 0;
        }
        catch (Exception e)
        {
            return CallbackPayload.Abort(state, e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnHunk(GitDiffDelta* delta, GitDiffHunk* hunk, nint payload)
    {
        CallbackPayload? state = null;
        try
        {
            state = CallbackPayload.From(payload);
            var headerLength = (int)Math.Min(hunk->HeaderLength, GitDiffHunk.HeaderCapacity);
            state.Sink.OnHunk(hunk->OldStart, hunk->OldLines, hunk->NewStart, hunk->NewLines,
                new ReadOnlySpan<byte>(hunk->Header, headerLength));
            return 0;
        }
        catch (Exception e)
        {
            return CallbackPayload.Abort(state, e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnLine(GitDiffDelta* delta, GitDiffHunk* hunk, GitDiffLine* line, nint payload)
    {
        CallbackPayload? state = null;
        try
        {
            state = CallbackPayload.From(payload);
            var origin = line->Origin;
            // The end-of-file newline markers ('=', '>', '<') annotate the previous line; they are not lines.
            if (origin is GitDiffLine.Context or GitDiffLine.Addition or GitDiffLine.Deletion)
            {
                state.Sink.OnLine(origin, new ReadOnlySpan<byte>(line->Content, checked((int)line->ContentLength)));
            }
            return 0;
        }
        catch (Exception e)
        {
            return CallbackPayload.Abort(state, e);
        }
    }

    /// <summary>What the callbacks share through libgit2's payload pointer.</summary>
    private sealed class CallbackPayload(IBufferDiffSink sink)
    {
        public IBufferDiffSink Sink { get; } = sink;

        public ExceptionDispatchInfo? Failure { get; private set; }

        public static CallbackPayload From(nint payload) =>
            (CallbackPayload)GCHandle.FromIntPtr(payload).Target!;

        /// <summary>Keeps the first failure for <see cref="Run"/> to rethrow and tells libgit2 to stop.</summary>
        public static int Abort(CallbackPayload? state, Exception exception)
        {
            if (state is not null) state.Failure ??= ExceptionDispatchInfo.Capture(exception);
            return -1;
        }
    }
}
