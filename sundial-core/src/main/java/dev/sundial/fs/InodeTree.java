package dev.sundial.fs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The name space of a directory tree as inodes: numbered files and directories, each linked under
 * at most one name (no hard links). Renaming moves an inode to another name, so a file keeps its
 * identity, and the writes made through a channel opened under its old name stay its writes. Used
 * by {@link CrashRecordingFileLayer} to follow the real tree while recording and by
 * {@link PowerCutMaterializer} to rebuild it after a simulated power cut.
 *
 * <p>Inode 0 is the root directory. Not thread-safe.
 */
final class InodeTree {
    static final int ROOT = 0;

    private static final class Node {
        final boolean directory;
        /** Directory holding this inode's name, or -1 while unlinked. */
        int parent = -1;
        String name;
        final TreeMap<String, Integer> entries;

        Node(boolean directory) {
            this.directory = directory;
            this.entries = directory ? new TreeMap<>() : null;
        }
    }

    private final List<Node> nodes = new ArrayList<>();

    InodeTree() {
        Node root = new Node(true);
        root.name = "";
        nodes.add(root);
    }

    /** A new, unlinked inode. */
    int allocate(boolean directory) {
        nodes.add(new Node(directory));
        return nodes.size() - 1;
    }

    /** Makes inode {@code id} exist (unlinked) when it does not yet: replaying another tree's allocations. */
    void define(int id, boolean directory) {
        while (nodes.size() <= id) {
            nodes.add(null);
        }
        if (nodes.get(id) == null) {
            nodes.set(id, new Node(directory));
        }
    }

    boolean isDirectory(int inode) {
        return node(inode).directory;
    }

    /** The inode at {@code names} below the root, or -1. */
    int lookup(List<String> names) {
        int at = ROOT;
        for (String n : names) {
            Node d = nodes.get(at);
            Integer next = d.directory ? d.entries.get(n) : null;
            if (next == null) {
                return -1;
            }
            at = next;
        }
        return at;
    }

    /** The directory holding {@code inode}'s name, or -1 when unlinked. */
    int parent(int inode) {
        return node(inode).parent;
    }

    /** The entries of a directory, by name. */
    Map<String, Integer> entries(int dir) {
        return node(dir).entries;
    }

    /**
     * Gives {@code inode} the name {@code name} in {@code dir}: removes its previous name, and
     * unlinks whatever held the new name before (the rename-over-an-existing-file case).
     */
    void link(int dir, String name, int inode) {
        Node d = node(dir);
        if (!d.directory) {
            throw new IllegalStateException("BUG: inode " + dir + " is not a directory");
        }
        Integer old = d.entries.get(name);
        if (old != null && old == inode) {
            return;
        }
        unlink(inode);
        if (old != null) {
            unlink(old);
        }
        d.entries.put(name, inode);
        Node n = node(inode);
        n.parent = dir;
        n.name = name;
    }

    /** Removes the name of {@code inode}, if it has one; a directory takes its subtree with it. */
    void unlink(int inode) {
        Node n = node(inode);
        if (n.parent >= 0) {
            node(n.parent).entries.remove(n.name);
            n.parent = -1;
        }
    }

    /** The path of {@code inode} from the root ("a/b"; "." for the root), for messages. */
    String path(int inode) {
        if (inode == ROOT) {
            return ".";
        }
        StringBuilder sb = new StringBuilder();
        int at = inode;
        int guard = 0;
        while (at != ROOT) {
            Node n = node(at);
            if (n.parent < 0) {
                return "(unlinked inode " + inode + ")";
            }
            sb.insert(0, sb.isEmpty() ? n.name : n.name + "/");
            at = n.parent;
            if (++guard > nodes.size()) {
                return "(inode " + inode + " in a cycle)";
            }
        }
        return sb.toString();
    }

    InodeTree copy() {
        InodeTree c = new InodeTree();
        c.nodes.clear();
        for (Node n : nodes) {
            if (n == null) {
                c.nodes.add(null);
                continue;
            }
            Node m = new Node(n.directory);
            m.parent = n.parent;
            m.name = n.name;
            if (n.directory) {
                m.entries.putAll(n.entries);
            }
            c.nodes.add(m);
        }
        return c;
    }

    private Node node(int inode) {
        Node n = inode >= 0 && inode < nodes.size() ? nodes.get(inode) : null;
        if (n == null) {
            throw new IllegalStateException("BUG: no inode " + inode);
        }
        return n;
    }
}
