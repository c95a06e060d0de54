package dev.vigil.media;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few GObject calls gst1-java-core does not wrap: properties holding objects of types it
 * has no Java class for (libnice's NiceAgent, webrtcbin's ICE agent) and their action signals.
 */
final class GObjects {
    private interface GObjectLibrary extends Library {
        GObjectLibrary INSTANCE = Native.load("gobject-2.0", GObjectLibrary.class);

        void g_object_get(Pointer object, String property, PointerByReference value, Pointer end);

        void g_object_set(Pointer object, String property, int value, Pointer end);

        void g_object_unref(Pointer object);

        void g_signal_emit_by_name(Pointer object, String signal, String argument, PointerByReference result);
    }

    private GObjects() {
    }

    /** The object a property refers to, with a reference the caller must {@link #unref}. */
    static Pointer getObject(Pointer object, String property) {
        PointerByReference value = new PointerByReference();
        GObjectLibrary.INSTANCE.g_object_get(object, property, value, null);
        return value.getValue();
    }

    /** Sets an int, enum or boolean (0/1) property. */
    static void setInt(Pointer object, String property, int value) {
        GObjectLibrary.INSTANCE.g_object_set(object, property, value, null);
    }

    static void unref(Pointer object) {
        if (object != null) {
            GObjectLibrary.INSTANCE.g_object_unref(object);
        }
    }

    /** Emits an action signal that takes one string and returns a gboolean (or nothing). */
    static void emit(Pointer object, String signal, String argument) {
        GObjectLibrary.INSTANCE.g_signal_emit_by_name(object, signal, argument, new PointerByReference());
    }
}
