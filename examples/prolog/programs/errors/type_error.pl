% Arithmetic on an atom: initialization(main, main) exits with status 2.
:- initialization(main, main).

main :-
    X = 3,
    Y is X * 2,
    write(Y), nl,
    Z is Y + apple,
    write(Z), nl.
