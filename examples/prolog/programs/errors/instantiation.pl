% Arithmetic on an unbound variable.
:- initialization(main).

main :-
    write(start), nl,
    add_one(_, Y),
    write(Y), nl.

add_one(X, Y) :-
    Y is X + 1.
