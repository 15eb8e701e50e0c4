package org.backprop.nn;

import java.util.ArrayList;
import java.util.List;
import org.backprop.autograd.Variable;

/**
 * Modules applied one after another, the output of each the input of the next. Children are named
 * by position: {@code 0}, {@code 1}, …, so parameters read {@code 0.weight}, {@code 1.bias}.
 */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    /**
     * A sequence of the given modules.
     *
     * @param modules the modules in the order they run; each is registered as a child named by its position
     */
    public Sequential(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /**
     * A sequence of the given modules.
     *
     * @param modules the modules in the order they run; each is registered as a child named by its position
     */
    public Sequential(List<? extends Module> modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /**
     * Appends a module; returns this.
     *
     * @param module the module to run after the current last one; it becomes child {@code size()}
     * @return this sequence, for chaining
     */
    public Sequential add(Module module) {
        registerModule(Integer.toString(layers.size()), module);
        layers.add(module);
        return this;
    }

    /**
     * The modules in order.
     *
     * @return an unmodifiable copy of the list of modules, in order
     */
    public List<Module> layers() {
        return List.copyOf(layers);
    }

    /**
     * Module {@code i}.
     *
     * @param i the position, in {@code [0, size())}
     * @return the module at that position
     * @throws IndexOutOfBoundsException if {@code i} is outside {@code [0, size())}
     */
    public Module get(int i) {
        return layers.get(i);
    }

    /**
     * How many modules.
     *
     * @return the number of modules
     */
    public int size() {
        return layers.size();
    }

    @Override
    public Variable forward(Variable input) {
        Variable x = input;
        for (Module m : layers) {
            x = m.forward(x);
        }
        return x;
    }
}
