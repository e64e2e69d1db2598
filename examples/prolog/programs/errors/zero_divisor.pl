% Division by zero inside nested calls.
:- initialization(main).

main :-
    forall(member(D, [4, 2, 1, 0]), show(D)).

show(D) :-
    Q is 12 // D,
    write(Q), nl.
