using System.Runtime.InteropServices;

namespace Saver.Storage.Native;

/// <summary>libgit2 1.8's <c>git_error</c> (x86-64: 16 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GitError
{
    public byte* Message;                // 0
    public int Class;                    // 8   klass
}
