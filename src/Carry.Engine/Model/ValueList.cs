using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Carry.Model;

/// <summary>Builds <see cref="ValueList{T}"/>s from collection expressions.</summary>
public static class ValueList
{
    /// <summary>
    /// The list of <paramref name="items"/>. Collection expressions (<c>ValueList&lt;string&gt; g = ["+x86"];</c>)
    /// come here: without it the compiler would call <see cref="ValueList{T}.Add"/>, which returns a
    /// new list, on an empty one, and the expression would silently build an empty list.
    /// </summary>
    public static ValueList<T> Create<T>(ReadOnlySpan<T> items) => new(items.ToArray());
}

/// <summary>
/// An immutable list that compares by content, so records holding one (a patch's guards, a
/// landing's upstream commits) keep value equality: the transaction relies on it to tell
/// "nothing changed" from "something changed".
/// </summary>
[CollectionBuilder(typeof(ValueList), nameof(ValueList.Create))]
public readonly struct ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly ImmutableArray<T> _items;

    /// <summary>Wraps <paramref name="items"/>.</summary>
    public ValueList(IEnumerable<T> items) => _items = [.. items];

    private ImmutableArray<T> Items => _items.IsDefault ? [] : _items;

    /// <summary>The empty list.</summary>
    public static ValueList<T> Empty => default;

    /// <inheritdoc/>
    public T this[int index] => Items[index];

    /// <inheritdoc/>
    public int Count => Items.Length;

    /// <summary>True when the list has no items.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>A copy with <paramref name="item"/> added at the end.</summary>
    public ValueList<T> Add(T item) => new(Items.Add(item));

    /// <inheritdoc/>
    public bool Equals(ValueList<T> other) => Items.SequenceEqual(other.Items);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ValueList<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in Items) hash.Add(item);
        return hash.ToHashCode();
    }

    /// <summary>Content equality.</summary>
    public static bool operator ==(ValueList<T> a, ValueList<T> b) => a.Equals(b);

    /// <summary>Content inequality.</summary>
    public static bool operator !=(ValueList<T> a, ValueList<T> b) => !a.Equals(b);

    /// <summary>Lets a collection expression build one: <c>ValueList&lt;string&gt; g = ["+x86"];</c>.</summary>
    public static implicit operator ValueList<T>(T[] items) => new(items);

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}
